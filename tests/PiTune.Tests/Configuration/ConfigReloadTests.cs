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
        _configuration.AddJsonFile(_file, optional: false, reloadOnChange: false);
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
