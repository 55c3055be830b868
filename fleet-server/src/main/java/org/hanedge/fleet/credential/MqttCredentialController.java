package org.hanedge.fleet.credential;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.NotFoundException;
import org.hanedge.fleet.broker.ClientBrokerUri;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/** Issuing and revoking MQTT credentials (administrators). A password is shown in the answer once, never again. */
@RestController
@RequestMapping("/api/v1/admin")
public class MqttCredentialController {
    private final MqttCredentialService credentials;
    private final ClientBrokerUri brokerUri;

    public MqttCredentialController(MqttCredentialService credentials, ClientBrokerUri brokerUri) {
        this.credentials = credentials;
        this.brokerUri = brokerUri;
    }

    /** The answer to an issue request. */
    public record IssuedCredentialDto(String username, String password, String brokerUri) {
        @Override
        public String toString() {
            return "IssuedCredentialDto[username=" + username + ", password=********, brokerUri=" + brokerUri + "]";
        }
    }

    /** @param name backend name: 1-40 letters, digits, '_' or '-'; the user name becomes {@code backend-<name>} */
    public record BackendCredentialRequest(String name) {
    }

    @PostMapping("/gateways/{id}/mqtt-credential")
    @ResponseStatus(HttpStatus.CREATED)
    public IssuedCredentialDto issueForGateway(@PathVariable("id") String id, HttpServletRequest request) {
        try {
            return dto(credentials.issueForGateway(id), request);
        } catch (UnknownGatewayException e) {
            throw new NotFoundException("gateway", id);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("id", e.getMessage());
        }
    }

    /** @param gatewayIds the gateways to issue for (1-1000; each must be registered) */
    public record BulkGatewayRequest(java.util.List<String> gatewayIds) {
    }

    /**
     * Issues credentials for many gateways at once (provisioning a district, load tests); all or nothing: an unknown
     * gateway fails the whole request before anything is issued.
     */
    @PostMapping("/mqtt-credentials/gateways")
    @ResponseStatus(HttpStatus.CREATED)
    public java.util.List<IssuedCredentialDto> issueForGateways(@RequestBody BulkGatewayRequest body,
            HttpServletRequest request) {
        if (body == null || body.gatewayIds() == null || body.gatewayIds().isEmpty() || body.gatewayIds().size() > 1000) {
            throw new BadRequestException("gatewayIds", "give 1 to 1000 gateway ids");
        }
        try {
            return credentials.issueForGateways(body.gatewayIds()).stream().map(c -> dto(c, request)).toList();
        } catch (UnknownGatewayException e) {
            throw new NotFoundException("gateway", e.gatewayId());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("gatewayIds", e.getMessage());
        }
    }

    @PostMapping("/mqtt-credentials/backend")
    @ResponseStatus(HttpStatus.CREATED)
    public IssuedCredentialDto issueForBackend(@RequestBody BackendCredentialRequest body, HttpServletRequest request) {
        try {
            return dto(credentials.issueForBackend(body == null ? null : body.name()), request);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("name", e.getMessage());
        }
    }

    /** Demo mode only (404 otherwise): a read-only credential that also reads the gateways' stats. */
    @PostMapping("/mqtt-credentials/monitor")
    @ResponseStatus(HttpStatus.CREATED)
    public IssuedCredentialDto issueForMonitor(@RequestBody BackendCredentialRequest body, HttpServletRequest request) {
        try {
            return dto(credentials.issueForMonitor(body == null ? null : body.name()), request);
        } catch (IllegalStateException e) {
            throw new NotFoundException("MQTT credential role", "monitor");
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("name", e.getMessage());
        }
    }

    @DeleteMapping("/mqtt-credentials/{username}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void revoke(@PathVariable("username") String username) {
        try {
            credentials.revoke(username);
        } catch (UnknownCredentialException e) {
            throw new NotFoundException("MQTT credential", username);
        }
    }

    private IssuedCredentialDto dto(IssuedCredential c, HttpServletRequest request) {
        return new IssuedCredentialDto(c.username(), c.password(), brokerUri.forClients(request.getServerName()));
    }
}
