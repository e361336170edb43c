package io.streamplane.oca.fleet;

import java.util.List;
import java.util.Optional;

/** Where registrations outlive a control plane, so a restarted or second replica knows the fleet. */
public interface RegistrationStore {
  void save(Appliance appliance);

  Optional<Appliance> load(String applianceId);

  List<Appliance> loadAll();

  /** Keeps nothing: for unit tests of the registry's own rules. */
  RegistrationStore NONE = new RegistrationStore() {
    @Override public void save(Appliance appliance) { }
    @Override public Optional<Appliance> load(String applianceId) { return Optional.empty(); }
    @Override public List<Appliance> loadAll() { return List.of(); }
  };
}
