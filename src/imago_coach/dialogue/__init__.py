"""The Imago Dialogue as a state machine, the simulated partner and rehearsal sessions."""
