package org.hanedge.simulators.signals;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.hanedge.simulators.modbus.RegisterBank;

/**
 * The signal model of a profile: the kind model chosen by profile id ({@code lake}, {@code pump-station},
 * {@code intersection}, {@code waste-truck}, {@code fishing-boat}) for the channels it knows, and
 * {@link GenericModel} for every other Modbus channel of the profile.
 */
public final class Signals implements SignalModel {
    private final List<SignalModel> models;
    private final SignalModel kindModel;
    private final Set<String> channels = new HashSet<>();

    private Signals(SignalModel kindModel, RegisterBank bank) {
        this.kindModel = kindModel;
        List<SignalModel> m = new ArrayList<>();
        Set<String> handled = new HashSet<>();
        if (kindModel != null) {
            m.add(kindModel);
            for (String c : kindModel.channels()) {
                if (bank.has(c)) {
                    handled.add(c);
                }
            }
        }
        GenericModel generic = new GenericModel(bank, handled);
        m.add(generic);
        channels.addAll(handled);
        channels.addAll(generic.channels());
        this.models = List.copyOf(m);
    }

    /** The models for the bank's profile. */
    public static Signals forBank(RegisterBank bank, long seed) {
        return new Signals(kindModel(bank.profile().id(), seed), bank);
    }

    /** The kind model for a profile id, or {@code null} if there is none (everything generic). */
    public static SignalModel kindModel(String profileId, long seed) {
        return switch (profileId) {
            case "lake" -> new LakeModel(seed);
            case "pump-station" -> new PumpStationModel(seed);
            case "intersection" -> new IntersectionModel(seed);
            case "waste-truck" -> new WasteTruckModel(seed);
            case "fishing-boat" -> new FishingBoatModel(seed);
            default -> null;
        };
    }

    /** The kind-specific model, or {@code null}. */
    public SignalModel kindModel() {
        return kindModel;
    }

    @Override
    public void step(ZonedDateTime time, double dt, RegisterBank bank) {
        for (SignalModel m : models) {
            m.step(time, dt, bank);
        }
    }

    @Override
    public Set<String> channels() {
        return channels;
    }
}
