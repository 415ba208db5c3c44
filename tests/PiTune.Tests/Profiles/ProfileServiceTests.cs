using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PiTune.Configuration;
using PiTune.Core.Thermal;
using PiTune.Hosting;
using PiTune.Linux.Tuning;
using PiTune.Profiles;
using PiTune.Systemd;
using PiTune.Tests.Support;

namespace PiTune.Tests.Profiles;

/// <summary>The profile switch over a real configuration and the reload path, its schedule on a fake clock in Berlin.</summary>
public sealed class ProfileServiceTests : IDisposable
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time;
    private readonly ConfigurationManager _configuration;
    private readonly ServiceProvider _services;
    private readonly ConfigReloadService _reload;
    private readonly ListLogger<ProfileService> _log = new();
    private readonly ListLogger<ConfigReloadService> _reloadLog = new();
    private readonly ProfileService _profiles;

    public ProfileServiceTests()
    {
        // Saturday 24 October 2026, 21:00 in Berlin (CEST); the clocks go back at 03:00 that night.
        _time = new FakeTimeProvider(ProfileSchedule.Instant(new DateTime(2026, 10, 24, 21, 0, 0), Berlin));
        _time.SetLocalTimeZone(Berlin);
        string file = _dir.WriteFile("appsettings.json", """
            { "Thermal": { "LimitC": 75 },
              "Profiles": { "Schedule": [ { "Profile": "quiet", "From": "22:00", "To": "07:00" } ] } }
            """);
        Directory.CreateDirectory(_dir.Combine("profiles"));
        var source = new ConfigSource(file, "test");
        _configuration = ConfigurationFactory.TryBuild(source, new Dictionary<string, string?> { ["State:Directory"] = _dir.Combine("state") }, [], reloadOnChange: false, out _)!;
        var services = new ServiceCollection();
        services.AddPiTuneOptions(_configuration);
        _services = services.BuildServiceProvider();
        _reload = new ConfigReloadService(_configuration, _services.GetServices<IReloadableOptions>(), SdNotifier.Disabled, _reloadLog);
        _profiles = new ProfileService(
            _reload, new RunContext(source, _time, null, 1, null), _services.GetRequiredService<IOptionsMonitor<ProfileOptions>>(),
            _services.GetRequiredService<IOptionsMonitor<StateOptions>>(), _time, _log);
        _profiles.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private double LimitC => _services.GetRequiredService<IOptionsMonitor<ThermalOptions>>().CurrentValue.LimitC;

    private string? HandSetOnDisk => File.Exists(_dir.Combine("state/profile")) ? File.ReadAllLines(_dir.Combine("state/profile"))[0] : null;

    [Fact]
    public void The_schedule_switches_at_its_edges_a_hand_set_wins_until_the_next_edge_even_across_the_DST_change()
    {
        Assert.Equal(new ActiveProfile("balanced", "default"), _profiles.Active);
        Assert.Equal(75, LimitC);

        _time.Advance(TimeSpan.FromHours(1)); // 22:00: the window opens
        Assert.Equal("quiet", _profiles.Active.Name);
        Assert.Equal("schedule 22:00–07:00", _profiles.Active.Reason);
        Assert.Equal(65, LimitC);
        Assert.Contains(_reloadLog.Entries, e => e.Message.Contains("Thermal:LimitC \"75\" → \"65\"", StringComparison.Ordinal));

        _time.Advance(TimeSpan.FromHours(1)); // 23:00: by hand
        Assert.True(_profiles.Set("throughput").Applied);
        Assert.Equal("throughput", _profiles.Active.Name);
        Assert.Equal(78, LimitC);
        Assert.Equal("throughput", HandSetOnDisk);

        // 07:00 CET is 9 hours of real time after 23:00 CEST that night, not 8.
        _time.Advance(TimeSpan.FromHours(9) - TimeSpan.FromMinutes(1));
        Assert.Equal("throughput", _profiles.Active.Name);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new ActiveProfile("balanced", "default"), _profiles.Active);
        Assert.Equal(75, LimitC);
        Assert.Null(HandSetOnDisk);
    }

    [Fact]
    public void A_bad_profile_file_is_refused_naming_its_key_and_file_and_nothing_changes()
    {
        string bad = _dir.WriteFile(Path.Join("profiles", "bad.json"), """{ "Fan": { "Colour": "blue" }, "Thermal": { "LimitC": 60 } }""");

        ProfileSwitch result = _profiles.Set("bad");

        Assert.False(result.Applied);
        Assert.False(result.NotFound);
        Assert.Contains($"'Fan:Colour' is not a known key (known in Fan: ", result.Problems, StringComparison.Ordinal);
        Assert.Contains($"(from profile bad ({bad}))", result.Problems, StringComparison.Ordinal);
        Assert.Equal("balanced", _profiles.Active.Name);
        Assert.Equal(75, LimitC);
        Assert.Equal("75", _configuration["Thermal:LimitC"]);
        Assert.Null(HandSetOnDisk);
    }

    [Fact]
    public void An_unknown_profile_is_not_found_and_a_profile_of_your_own_replaces_keys_like_a_built_in()
    {
        Assert.True(_profiles.Set("nope").NotFound);

        _dir.WriteFile(Path.Join("profiles", "desk.json"), """{ "Thermal": { "LimitC": 72 } }""");
        Assert.True(_profiles.Set("desk").Applied);
        Assert.Equal(72, LimitC);
        Assert.Contains(_profiles.Catalog.List(), p => p.Name == "desk" && p.Origin.EndsWith("desk.json", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _profiles.Dispose();
        _reload.Dispose();
        _services.Dispose();
        _configuration.Dispose();
        _dir.Dispose();
    }
}
