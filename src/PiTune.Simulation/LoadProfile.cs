namespace PiTune.Simulation;

/// <summary>Synthetic work the simulator adds on its own, so <c>--simulate</c> shows the jobs acting without real inference.</summary>
public enum LoadProfile
{
    /// <summary>Only the background load and the work reported through <see cref="SimulatedPi5.SetWorkload"/>.</summary>
    None,

    /// <summary>All four cores busy for the first 45 s of every 2 simulated minutes, like batches of requests arriving.</summary>
    Bursts,

    /// <summary>All four cores busy all the time: the thermal worst case (a bare Pi 5 reaches the firmware limits).</summary>
    Full,
}
