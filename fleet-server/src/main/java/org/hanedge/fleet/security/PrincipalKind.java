package org.hanedge.fleet.security;

/** Who is calling: a person with an operator account, or a machine with an API token. */
public enum PrincipalKind {
    OPERATOR,
    TOKEN
}
