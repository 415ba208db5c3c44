using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PiTune.Configuration;
using PiTune.Core.Governor;
using PiTune.Core.Sampling;
using PiTune.Systemd;
using PiTune.Tests.Support;

namespace PiTune.Tests.Configuration;

public sealed class ConfigReloadTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _file;
    private readonly ConfigurationManager _configuration = new();
    private readonly ServiceProvider _services;
    private readonly ListLogger<ConfigReloadService> _log = new();
    private readonly ConfigReloadService _reload;

    public ConfigReloadTests()
    {
        _file = _dir.WriteFile("appsettings.json", """{ "Platform": { "Root": "/" }, "Sampling": { "Interval": "00:00:01" }, "Governor": { "Idle": "ondemand" } }""");
        _configuration.Sources.Add(new ConfigFileSource(_file, watch: false, TimeProvider.System));
        var services = new ServiceCollection();
        services.AddPiTuneOptions(_configuration);
        _services = services.BuildServiceProvider();
        _reload = new ConfigReloadService(_configuration, _services.GetServices<IReloadableOptions>(), SdNotifier.Disabled, _log);
    }

    private SamplingOptions Sampling => _services.GetRequiredService<IOptionsMonitor<SamplingOptions>>().CurrentValue;

    private GovernorOptions Governor => _services.GetRequiredService<IOptionsMonitor<GovernorOptions>>().CurrentValue;

    [Fact]
    public void A_good_edit_is_applied_and_the_log_says_what_changed()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Sampling.Interval);
        SamplingOptions? seen = null;
        using IDisposable? subscription = _services.GetRequiredService<IOptionsMonitor<SamplingOptions>>().OnChange((o, _) => seen = o);

        Edit("""{ "Platform": { "Root": "/" }, "Sampling": { "Interval": "00:00:00.5" }, "Governor": { "Idle": "ondemand" } }""");

        Assert.True(_reload.Apply("test"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), Sampling.Interval);
        Assert.Same(Sampling, seen);
        (LogLevel level, _, string message) = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Information, level);
        Assert.Contains("Sampling:Interval \"00:00:01\" → \"00:00:00.5\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_edit_is_rejected_and_the_last_good_settings_stay()
    {
        Edit("""{ "Platform": { "Root": "/" }, "Sampling": { "Interval": "00:00:00.5" }, "Governor": { "Idle": "turbo" } }""");

        Assert.False(_reload.Apply("test"));

        // All or nothing: the valid Sampling change is not applied either.
        Assert.Equal(TimeSpan.FromSeconds(1), Sampling.Interval);
        Assert.Equal("ondemand", Governor.Idle);
        (LogLevel level, _, string message) = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains("Governor:Idle \"turbo\"", message, StringComparison.Ordinal);
        Assert.Contains("last good settings stay", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reload_without_changes_says_so()
    {
        Assert.True(_reload.Apply("SIGHUP"));
        Assert.Contains("no changes", Assert.Single(_log.Entries).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_file_change_events_for_one_save_say_no_changes_once_and_a_SIGHUP_answers_once()
    {
        // A save that changes no key (here only its layout) is said once, however many events the save fired.
        Edit("""{ "Platform": { "Root": "/" },  "Sampling": { "Interval": "00:00:01" }, "Governor": { "Idle": "ondemand" } }""");
        Assert.True(_reload.Apply("file change"));
        Assert.True(_reload.Apply("file change"));
        Assert.Equal("Configuration reloaded (file change): no changes", Assert.Single(_log.Entries).Message);

        Assert.True(_reload.Apply("SIGHUP"));
        Assert.Equal(2, _log.Entries.Count);
        Assert.Equal("Configuration reloaded (SIGHUP): no changes", _log.Entries[^1].Message);

        // A real edit afterwards is said, and a same-content event after it is not.
        Edit("""{ "Platform": { "Root": "/" }, "Sampling": { "Interval": "00:00:00.5" }, "Governor": { "Idle": "ondemand" } }""");
        Assert.True(_reload.Apply("file change"));
        Assert.True(_reload.Apply("file change"));
        Assert.Equal(3, _log.Entries.Count);
        Assert.Contains("Sampling:Interval", _log.Entries[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_to_a_key_read_only_at_start_is_said_to_apply_at_next_start()
    {
        Edit("""{ "Platform": { "Root": "/" }, "Sampling": { "Interval": "00:00:00.5" }, "Governor": { "Idle": "ondemand" }, "Priority": { "HousekeepingCpus": "0" } }""");

        Assert.True(_reload.Apply("test"));
        string message = Assert.Single(_log.Entries).Message;
        Assert.Contains("Priority:HousekeepingCpus set to \"0\" (applies at next start)", message, StringComparison.Ordinal);
        Assert.EndsWith("; Sampling:Interval \"00:00:01\" → \"00:00:00.5\"", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("syntax", "has a JSON syntax error at line 1, column 14: ")]
    [InlineData("empty", "is empty")]
    [InlineData("deleted", "was deleted")]
    [InlineData("directory", "is a directory, not a file")]
    public async Task A_signal_reload_of_a_file_that_cannot_be_read_is_rejected_and_the_last_good_settings_stay(string fault, string expected)
    {
        using var dir = new TempDirectory();
        string file = dir.WriteFile("appsettings.json", """{ "Sampling": { "Interval": "00:00:00.5" } }""");
        using ConfigurationManager configuration = ConfigurationFactory.TryBuild(
            new ConfigSource(file, "test"), new Dictionary<string, string?>(), [], reloadOnChange: false, out string? error)!;
        Assert.Null(error);
        var services = new ServiceCollection();
        services.AddPiTuneOptions(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();
        var log = new ListLogger<ConfigReloadService>();
        using var reload = new ConfigReloadService(configuration, provider.GetServices<IReloadableOptions>(), SdNotifier.Disabled, log);
        IOptionsMonitor<SamplingOptions> sampling = provider.GetRequiredService<IOptionsMonitor<SamplingOptions>>();
        await reload.StartAsync(CancellationToken.None);

        switch (fault)
        {
            case "syntax":
                File.WriteAllText(file, """{ "Sampling" { "Interval": "00:00:02" } }""");
                break;
            case "empty":
                File.WriteAllText(file, "");
                break;
            case "deleted":
                File.Delete(file);
                break;
            default:
                File.Delete(file);
                Directory.CreateDirectory(file);
                break;
        }

        reload.ReloadFromSignal();

        (LogLevel level, _, string message) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.StartsWith($"Configuration change rejected (SIGHUP); the last good settings stay in force: configuration file {file} {expected}", message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMilliseconds(500), sampling.CurrentValue.Interval);
        Assert.Equal("00:00:00.5", configuration["Sampling:Interval"]);

        // Put right, the next reload is measured against the last good settings: nothing changed.
        if (Directory.Exists(file))
        {
            Directory.Delete(file);
        }

        File.WriteAllText(file, """{ "Sampling": { "Interval": "00:00:00.5" } }""");
        reload.ReloadFromSignal();
        Assert.Equal("Configuration reloaded (SIGHUP): no changes", log.Entries[^1].Message);
    }

    private void Edit(string json)
    {
        File.WriteAllText(_file, json);
        ((IConfigurationRoot)_configuration).Reload();
    }

    public void Dispose()
    {
        _reload.Dispose();
        _services.Dispose();
        _configuration.Dispose();
        _dir.Dispose();
    }
}
