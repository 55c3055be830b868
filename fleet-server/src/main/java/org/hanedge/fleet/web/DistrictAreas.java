package org.hanedge.fleet.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The map's offline base layer: one APPROXIMATE area per district, the convex hull of the registered site positions
 * of its gateways, padded by about 300 m. These are not the official district boundaries (the repository has
 * none); the UI labels them as approximate.
 */
@Component
public class DistrictAreas {
    private static final double PAD = 0.003; // degrees, ~300 m

    private final JdbcClient jdbc;

    public DistrictAreas(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** GeoJSON FeatureCollection of Polygons, properties {@code district}, {@code gateways}, {@code approximate}. */
    public Map<String, Object> geoJson() {
        Map<String, List<double[]>> points = new TreeMap<>();
        jdbc.sql("SELECT district, lat, lon FROM gateway WHERE district IS NOT NULL AND lat IS NOT NULL"
                + " AND lon IS NOT NULL").query(rs -> {
                    points.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new double[] { rs.getDouble(3), rs.getDouble(2) }); // x = lon, y = lat
                });
        List<Map<String, Object>> features = new ArrayList<>();
        points.forEach((district, pts) -> {
            List<double[]> padded = new ArrayList<>();
            for (double[] p : pts) {
                padded.add(new double[] { p[0] - PAD, p[1] - PAD });
                padded.add(new double[] { p[0] + PAD, p[1] - PAD });
                padded.add(new double[] { p[0] + PAD, p[1] + PAD });
                padded.add(new double[] { p[0] - PAD, p[1] + PAD });
            }
            List<double[]> hull = hull(padded);
            hull.add(hull.get(0));
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", "Feature");
            f.put("properties", Map.of("district", district, "gateways", pts.size(), "approximate", true));
            f.put("geometry", Map.of("type", "Polygon", "coordinates", List.of(hull)));
            features.add(f);
        });
        return Map.of("type", "FeatureCollection", "features", features);
    }

    /** Andrew's monotone chain; counter-clockwise, without the closing point. */
    static List<double[]> hull(List<double[]> in) {
        List<double[]> p = new ArrayList<>(in);
        p.sort(Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> a[1]));
        int n = p.size();
        double[][] h = new double[2 * n][];
        int k = 0;
        for (int i = 0; i < n; i++) {
            while (k >= 2 && cross(h[k - 2], h[k - 1], p.get(i)) <= 0) {
                k--;
            }
            h[k++] = p.get(i);
        }
        for (int i = n - 2, t = k + 1; i >= 0; i--) {
            while (k >= t && cross(h[k - 2], h[k - 1], p.get(i)) <= 0) {
                k--;
            }
            h[k++] = p.get(i);
        }
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < k - 1; i++) {
            out.add(h[i]);
        }
        return out;
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
}
