using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Configuration;
using PiTune.Hosting;
using PiTune.Linux.Tuning;

namespace PiTune.Profiles;

/// <summary>
/// Keeps the right profile in force: <c>pitune profile set</c> (persisted in the state directory), and
/// <c>Profiles:Schedule</c>'s windows at their edges, where a hand set gives way. Every switch goes through the
/// reload path: the whole configuration with the profile laid over it is checked, then applied all or nothing, and
/// the log names each setting that changed. The profile in force at start was chosen and laid over before the
/// configuration was checked (<see cref="ProfileStartup"/>), so keys read only at start follow it too.
/// </summary>
internal sealed class ProfileService(
    ConfigReloadService reload,
    RunContext run,
    IOptionsMonitor<ProfileOptions> options,
    IOptionsMonitor<StateOptions> state,
    TimeProvider time,
    ILogger<ProfileService> logger) : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private ActiveProfile _active = run.ProfileAtStart ?? new ActiveProfile(BuiltInProfiles.Default, "default");
    private HandSet? _hand;
    private ITimer? _edge;
    private DateTimeOffset _armedFor;

    public ActiveProfile Active
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    public ProfileCatalog Catalog => ProfileCatalog.For(options.CurrentValue.Directory, run.ConfigSource.Path);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _hand = HandSetFile.Read(state.CurrentValue.Directory, out _);
            if (_hand is not null && _hand.Name != _active.Name)
            {
                // Ended by a schedule edge while the daemon was down, or refused at start (said then): no longer kept.
                _hand = null;
                if (HandSetFile.Write(state.CurrentValue.Directory, null) is { } problem)
                {
                    ProfileLog.NotKept(logger, problem);
                }
            }

            ProfileLog.Active(logger, _active.Name, _active.Reason, Catalog.Directory);
            _edge = time.CreateTimer(_ => OnEdge(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            ArmEdge();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _edge?.Dispose();
            _edge = null;
        }
    }

    /// <summary><c>pitune profile set NAME</c>: switch now and keep it (across restarts) until the schedule's next edge.</summary>
    public ProfileSwitch Set(string name)
    {
        lock (_gate)
        {
            ProfileLoad load = Catalog.Load(name);
            if (!load.IsOk)
            {
                bool missing = load.Origin.Length == 0;
                ProfileLog.Refused(logger, name, _active.Name, load.Problem!);
                return new ProfileSwitch(false, missing, load.Problem);
            }

            ProfileSwitch result = reload.SwitchProfile(load, $"profile {name}, set by hand");
            if (!result.Applied)
            {
                return result;
            }

            var hand = new HandSet(name, time.GetUtcNow());
            if (HandSetFile.Write(state.CurrentValue.Directory, hand) is { } problem)
            {
                ProfileLog.NotKept(logger, problem);
            }

            _hand = hand;
            _active = ProfileChoice.Choose(hand, Windows, hand.At, time.LocalTimeZone);
            ProfileLog.Switched(logger, _active.Name, _active.Reason);
            ArmEdge();
            return result;
        }
    }

    private IReadOnlyList<ProfileWindow> Windows => options.CurrentValue.Schedule ?? [];

    private void OnEdge()
    {
        try
        {
            lock (_gate)
            {
                if (_edge is null)
                {
                    return;
                }

                // A timer can wake a hair before the wall clock reaches the edge it was armed for.
                DateTimeOffset now = time.GetUtcNow() < _armedFor ? _armedFor : time.GetUtcNow();
                if (_hand is not null && !ProfileChoice.HandSetStands(_hand, Windows, now, time.LocalTimeZone))
                {
                    ProfileLog.HandSetEnded(logger, _hand.Name);
                    _hand = null;
                    if (HandSetFile.Write(state.CurrentValue.Directory, null) is { } problem)
                    {
                        ProfileLog.NotKept(logger, problem);
                    }
                }

                ActiveProfile wanted = ProfileChoice.Choose(_hand, Windows, now, time.LocalTimeZone);
                if (wanted.Name != _active.Name)
                {
                    ProfileLoad load = Catalog.Load(wanted.Name);
                    ProfileSwitch result = load.IsOk ? reload.SwitchProfile(load, $"profile {wanted.Name}, {wanted.Reason}") : new ProfileSwitch(false, true, load.Problem);
                    if (!result.Applied)
                    {
                        if (!load.IsOk)
                        {
                            ProfileLog.Refused(logger, wanted.Name, _active.Name, load.Problem!);
                        }

                        ArmEdge();
                        return;
                    }

                    _active = wanted;
                    ProfileLog.Switched(logger, wanted.Name, wanted.Reason);
                }
                else
                {
                    _active = wanted;
                }

                ArmEdge();
            }
        }
        catch (Exception ex)
        {
            // A timer callback's exception would end the process without restoring anything.
            ProfileLog.NotKept(logger, "the schedule's switch failed: " + ex.Message);
        }
    }

    private void ArmEdge()
    {
        DateTimeOffset now = time.GetUtcNow();
        TimeSpan due = Timeout.InfiniteTimeSpan;
        if (ProfileSchedule.NextEdge(Windows, now, time.LocalTimeZone) is { } edge)
        {
            _armedFor = edge;
            due = edge - now;
        }

        _edge?.Change(due, Timeout.InfiniteTimeSpan);
    }
}
