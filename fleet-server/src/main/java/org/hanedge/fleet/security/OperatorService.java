package org.hanedge.fleet.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.ConflictException;
import org.hanedge.fleet.api.NotFoundException;
import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.security.OperatorRepository.OperatorRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Managing operator accounts. There is always at least one enabled admin. */
@Service
public class OperatorService {
    /** Shortest password outside demo mode. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    /** bcrypt reads at most 72 bytes. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private static final Logger log = LoggerFactory.getLogger(OperatorService.class);

    private final OperatorRepository operators;
    private final PasswordEncoder encoder;
    private final boolean demo;

    public OperatorService(OperatorRepository operators, PasswordEncoder encoder, FleetProperties props) {
        this.operators = operators;
        this.encoder = encoder;
        this.demo = props.demo();
    }

    public PageDto<OperatorDto> list(int page, int size) {
        return new PageDto<>(operators.list(page * size, size).stream().map(OperatorService::dto).toList(), page,
                size, operators.count());
    }

    public OperatorDto get(String username) {
        return dto(require(username));
    }

    @Transactional
    public OperatorDto create(CreateOperatorRequest req) {
        checkPassword(req.password());
        if (operators.find(req.username()).isPresent()) {
            throw new ConflictException("operator '" + req.username() + "' already exists");
        }
        OperatorRow row = new OperatorRow(req.username(), req.displayName(), req.role(),
                encoder.encode(req.password()), true, System.currentTimeMillis());
        operators.insert(row);
        log.info("Operator '{}' created with role {}", row.username(), row.role());
        return dto(row);
    }

    @Transactional
    public OperatorDto update(String username, UpdateOperatorRequest req) {
        OperatorRow old = require(username);
        if (req.password() != null) {
            checkPassword(req.password());
        }
        OperatorRow row = new OperatorRow(old.username(),
                req.displayName() != null ? req.displayName() : old.displayName(),
                req.role() != null ? req.role() : old.role(),
                req.password() != null ? encoder.encode(req.password()) : old.passwordHash(),
                req.enabled() != null ? req.enabled() : old.enabled(),
                old.createdAt());
        boolean losesAdmin = isEnabledAdmin(old) && !isEnabledAdmin(row);
        if (losesAdmin && operators.countEnabledAdmins() <= 1) {
            throw new ConflictException("operator '" + username
                    + "' is the last enabled admin: it cannot be demoted or disabled");
        }
        operators.update(row);
        log.info("Operator '{}' changed: role {}, enabled {}{}", username, row.role(), row.enabled(),
                req.password() != null ? ", password changed" : "");
        return dto(row);
    }

    @Transactional
    public void delete(String username) {
        OperatorRow old = require(username);
        if (isEnabledAdmin(old) && operators.countEnabledAdmins() <= 1) {
            throw new ConflictException("operator '" + username + "' is the last enabled admin: it cannot be deleted");
        }
        operators.delete(username);
        log.info("Operator '{}' deleted", username);
    }

    private OperatorRow require(String username) {
        return operators.find(username).orElseThrow(() -> new NotFoundException("operator", username));
    }

    private void checkPassword(String password) {
        if (!demo && password.length() < MIN_PASSWORD_LENGTH) {
            throw new BadRequestException("password", "must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.isBlank()) {
            throw new BadRequestException("password", "must not be blank");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new BadRequestException("password", "must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
    }

    private static boolean isEnabledAdmin(OperatorRow r) {
        return r.role() == Role.ADMIN && r.enabled();
    }

    static OperatorDto dto(OperatorRow r) {
        return new OperatorDto(r.username(), r.displayName(), r.role(), r.enabled(),
                Instant.ofEpochMilli(r.createdAt()));
    }
}
