using Microsoft.Extensions.Time.Testing;
using PiTune.Conflicts;
using PiTune.Linux.Conflicts;
using PiTune.Linux.Files;
using PiTune.Tests.Support;

namespace PiTune.Tests.Conflicts;

/// <summary>The conflict watch on a folder tree and a fake clock: found at start, found later, gone — each said once.</summary>
public sealed class ConflictWatchTests : IDisposable
{
    private readonly TempDirectory _dir = new("pitune-conflicts");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ListLogger<ConflictWatch> _log = new();

    private void Process(int pid, string comm, string? cmdline = null)
    {
        _dir.WriteFile($"root/proc/{pid}/comm", comm + "\n");
        if (cmdline is not null)
        {
            _dir.WriteFile($"root/proc/{pid}/cmdline", cmdline);
        }
    }

    private void Unit(string unit)
    {
        Directory.CreateDirectory(_dir.Combine("root/run/systemd/units"));
        File.CreateSymbolicLink(_dir.Combine("root/run/systemd/units/invocation:" + unit), "0123456789abcdef0123456789abcdef");
    }

    private ConflictWatch Start()
    {
        Directory.CreateDirectory(_dir.Combine("root/proc"));
        var watch = new ConflictWatch(new RootedSysFiles(_dir.Combine("root")), _time, _log);
        watch.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _time.Advance(TimeSpan.Zero); // the first look is due at once
        return watch;
    }

    [Fact]
    public void Governor_and_fan_tools_are_named_with_what_they_fight_over_and_how_they_were_found()
    {
        Process(812, "tuned");
        Process(901, "bash");
        Unit("tlp.service");
        Process(1200, "thermald");
        Process(1300, "python3", "/usr/bin/python3\0/etc/argon/argononed.py\0SERVICE\0");
        using ConflictWatch watch = Start();

        Assert.Equal(
        [
            new Conflict("tuned", ConflictDetector.Governor, "process tuned"),
            new Conflict("TLP", ConflictDetector.Governor, "unit tlp.service"),
            new Conflict("thermald", ConflictDetector.Fan, "process thermald"),
            new Conflict("argononed", ConflictDetector.Fan, "process argononed"),
        ], watch.Current);
        Assert.Equal(4, _log.Entries.Count(e => e.Id.Id is 4250 or 4251));
        Assert.Contains(_log.Entries, e => e.Id.Id == 4251 && e.Message.Contains("thermald is running (process thermald): it and PiTune would fight over the fan", StringComparison.Ordinal));
    }

    [Fact]
    public void A_unit_started_later_is_seen_at_the_next_look_said_once_and_its_end_said_once()
    {
        using ConflictWatch watch = Start();
        Assert.Empty(watch.Current);

        Unit("fancontrol.service");
        _time.Advance(ConflictWatch.Interval - TimeSpan.FromSeconds(1));
        Assert.Empty(watch.Current); // not looked yet

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([new Conflict("fancontrol", ConflictDetector.Fan, "unit fancontrol.service")], watch.Current);
        _time.Advance(ConflictWatch.Interval);
        _time.Advance(ConflictWatch.Interval);
        Assert.Single(_log.Entries, e => e.Id.Id == 4251);

        File.Delete(_dir.Combine("root/run/systemd/units/invocation:fancontrol.service"));
        _time.Advance(ConflictWatch.Interval);
        Assert.Empty(watch.Current);
        Assert.Single(_log.Entries, e => e.Id.Id == 4252 && e.Message == "fancontrol is no longer running");
    }

    public void Dispose() => _dir.Dispose();
}
