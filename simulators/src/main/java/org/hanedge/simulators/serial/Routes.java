package org.hanedge.simulators.serial;

import java.util.List;

import org.hanedge.simulators.serial.Route.Outage;
import org.hanedge.simulators.serial.Route.OutageKind;
import org.hanedge.simulators.serial.Route.Waypoint;

/** The demo city's routes (positions approximate, for simulation). */
public final class Routes {
    /** Khánh Sơn landfill weighbridge. */
    public static final double LANDFILL_LAT = 16.0415;
    public static final double LANDFILL_LON = 108.1465;
    /** Thọ Quang fishing harbour. */
    public static final double HARBOUR_LAT = 16.1035;
    public static final double HARBOUR_LON = 108.2370;
    public static final String WEIGHBRIDGE = "Khánh Sơn landfill weighbridge";
    public static final String HARBOUR = "Thọ Quang harbour";

    private Routes() {
    }

    /**
     * A rear-loader's collection round: out of its depot in Thanh Khê, through collection points in Hải Châu and
     * Thanh Khê (2-4 bins each, 90-150 s per stop at 20-25 km/h between them), then out along the Tôn Đức Thắng /
     * Hoàng Văn Thái road to the Khánh Sơn landfill weighbridge, where it is weighed and tipped (load to zero), and a
     * last stand at the weighbridge. About 55 minutes; no GPS outages (the city has no tunnels on the round) except a
     * short loss of fix in the narrow streets of the Hải Châu market.
     */
    public static Route wasteTruck() {
        List<Waypoint> w = List.of(
                Waypoint.stop("Thanh Khê depot", 16.0640, 108.1890, 0, 30),
                new Waypoint("Điện Biên Phủ / Hà Huy Tập", 16.0660, 108.1960, 25, 120, 3, false),
                new Waypoint("Lê Duẩn / Ông Ích Khiêm", 16.0705, 108.2110, 25, 150, 4, false),
                new Waypoint("Hải Châu market", 16.0690, 108.2220, 20, 120, 3, false),
                new Waypoint("Hùng Vương / Phan Châu Trinh", 16.0660, 108.2200, 20, 90, 2, false),
                new Waypoint("Nguyễn Văn Linh / Núi Thành", 16.0560, 108.2150, 25, 120, 3, false),
                new Waypoint("Hàm Nghi / Hoàng Hoa Thám", 16.0600, 108.2080, 25, 120, 3, false),
                new Waypoint("Thái Thị Bôi", 16.0580, 108.1990, 25, 90, 2, false),
                Waypoint.stop("Tôn Đức Thắng / Hoàng Văn Thái", 16.0480, 108.1700, 40, 0),
                new Waypoint(WEIGHBRIDGE, LANDFILL_LAT, LANDFILL_LON, 35, 240, 0, true),
                Waypoint.stop("Khánh Sơn tipping face", 16.0440, 108.1440, 10, 300));
        double market = 0; // filled in below from the route's timing
        Route r = new Route("waste-truck", w, List.of(), 65);
        market = r.arrival("Hải Châu market");
        return new Route("waste-truck", w, List.of(new Outage(market + 20, market + 80, OutageKind.NO_FIX)), 65);
    }

    /**
     * A fishing boat's trip of about three days: leaves Thọ Quang harbour through Đà Nẵng Bay, rounds the Sơn Trà
     * peninsula, steams north-east at 9 knots to grounds about 100 km out, fishes there at 2-3 knots for two nights
     * and comes back. GPS outages: two losses of fix (10 minutes on the way out, 90 minutes on the grounds) and two
     * long gaps in which the chart plotter sends nothing (6 and 12 hours, powered down to save the battery).
     */
    public static Route fishingBoat() {
        double h = 3600;
        List<Waypoint> w = List.of(
                Waypoint.stop(HARBOUR, HARBOUR_LAT, HARBOUR_LON, 0, 600),
                Waypoint.stop("harbour mouth", 16.1150, 108.2330, 9, 0),
                Waypoint.stop("Đà Nẵng Bay", 16.1500, 108.2300, 15, 0),
                Waypoint.stop("off Sơn Trà peninsula", 16.2200, 108.2700, 17, 0),
                Waypoint.stop("open sea", 16.5000, 108.7000, 17, 0),
                Waypoint.stop("fishing grounds", 16.6500, 109.1000, 17, 2 * h),
                Waypoint.stop("grounds NE", 16.7200, 109.1800, 5, 6 * h),
                Waypoint.stop("grounds E", 16.6800, 109.2600, 5, 8 * h),
                Waypoint.stop("grounds S", 16.6000, 109.2000, 5, 10 * h),
                Waypoint.stop("grounds W", 16.6400, 109.0800, 5, 6 * h),
                Waypoint.stop("open sea (return)", 16.5000, 108.7000, 17, 0),
                Waypoint.stop("off Sơn Trà (return)", 16.2200, 108.2700, 17, 0),
                Waypoint.stop("harbour mouth (return)", 16.1150, 108.2330, 15, 0),
                Waypoint.stop(HARBOUR + " (back)", HARBOUR_LAT, HARBOUR_LON, 9, 2 * h));
        List<Outage> o = List.of(
                new Outage(1.0 * h, 1.0 * h + 600, OutageKind.NO_FIX),
                new Outage(10 * h, 16 * h, OutageKind.SILENT),
                new Outage(24 * h, 25.5 * h, OutageKind.NO_FIX),
                new Outage(30 * h, 42 * h, OutageKind.SILENT));
        return new Route("fishing-boat", w, o, 0);
    }

    /** The route of a profile kind, or null. */
    public static Route forKind(String kind) {
        return switch (kind) {
            case "waste-truck" -> wasteTruck();
            case "fishing-boat" -> fishingBoat();
            default -> null;
        };
    }
}
