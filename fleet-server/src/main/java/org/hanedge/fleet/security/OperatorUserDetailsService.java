package org.hanedge.fleet.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Operator accounts for HTTP Basic (and, later, form login). */
@Service
public class OperatorUserDetailsService implements UserDetailsService {
    private final OperatorRepository operators;

    public OperatorUserDetailsService(OperatorRepository operators) {
        this.operators = operators;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return operators.find(username)
                .map(o -> User.withUsername(o.username()).password(o.passwordHash())
                        .roles(o.role().name()).disabled(!o.enabled()).build())
                .orElseThrow(() -> new UsernameNotFoundException("no such operator"));
    }
}
