package org.hanedge.fleet.registry;

import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Registering one gateway (a technician provisioning a site). */
public record RegisterGatewayRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "1-64 letters, digits, '.', '_' or '-'") String id,
        @NotBlank @Size(max = 32) String kind,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 200) String nameLocal,
        @Size(max = 100) String district,
        @DecimalMin("-90") @DecimalMax("90") Double lat,
        @DecimalMin("-180") @DecimalMax("180") Double lon,
        @Size(max = 64) String profile,
        @Size(max = 500) String note,
        List<@NotBlank @Size(max = 100) String> tags) {

    Site toSite() {
        List<String> t = tags == null ? SiteTags.of(kind, name, note) : tags;
        return new Site(id, kind, name, nameLocal, district, lat, lon, profile == null ? kind : profile, note, t,
                List.of(kind));
    }
}
