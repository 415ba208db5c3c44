using Microsoft.Extensions.Hosting.Systemd;
using PiTune.Systemd;
using PiTune.Tests.Support;

namespace PiTune.Tests.Systemd;

public sealed class SdNotifierTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public void Notifications_arrive_on_the_socket_named_by_NOTIFY_SOCKET()
    {
        using var systemd = new DatagramListener();
        using SdNotifier notifier = SdNotifier.For(systemd.Path);

        notifier.Notify(ServiceState.Ready);
        notifier.Notify("STATUS=42.0 °C, CPU 3 %");
        notifier.Notify("WATCHDOG=1");

        Assert.True(notifier.IsEnabled);
        Assert.Equal("READY=1", systemd.ReceiveText(Wait));
        Assert.Equal("STATUS=42.0 °C, CPU 3 %", systemd.ReceiveText(Wait));
        Assert.Equal("WATCHDOG=1", systemd.ReceiveText(Wait));
    }

    [Fact]
    public void Without_NOTIFY_SOCKET_nothing_is_sent_and_nothing_fails()
    {
        SdNotifier notifier = SdNotifier.For(null);

        notifier.Notify("READY=1");

        Assert.False(notifier.IsEnabled);
        Assert.Same(SdNotifier.Disabled, notifier);
    }

    [Fact]
    public void A_socket_that_went_away_does_not_throw()
    {
        string path;
        using (var systemd = new DatagramListener())
        {
            path = systemd.Path;
        }

        using SdNotifier notifier = SdNotifier.For(path);
        notifier.Notify("WATCHDOG=1");
        notifier.Notify("WATCHDOG=1");
    }

    [Fact]
    public async Task A_listener_that_stops_reading_never_blocks_the_sender()
    {
        // A Unix datagram socket queues net.unix.max_dgram_qlen datagrams (10 by default), then a blocking send waits
        // for the reader. A sampling loop stuck in that send stopped pinging and held the daemon's stop until the host's
        // 60 s shutdown timeout when a notify socket (a test's, or a systemd busy elsewhere) stopped reading.
        using var systemd = new DatagramListener();
        using SdNotifier notifier = SdNotifier.For(systemd.Path);

        // Not a timing assertion: the bound only turns a hang into a failure; unblocked, the sends take microseconds.
        var sends = Task.Run(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                notifier.Notify("WATCHDOG=1");
            }
        });

        Task first = await Task.WhenAny(sends, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(first == sends, "Notify blocked on a full notify socket");
        Assert.Equal("WATCHDOG=1", systemd.ReceiveText(Wait));
    }

    [Theory]
    [InlineData("30000000", null, true, 30)]
    [InlineData("30000000", "4242", true, 30)]
    [InlineData("30000000", "1", false, 0)]
    [InlineData(null, null, false, 0)]
    [InlineData("", null, false, 0)]
    [InlineData("abc", null, false, 0)]
    [InlineData("-5", null, false, 0)]
    [InlineData("0", null, false, 0)]
    public void Watchdog_settings_come_from_WATCHDOG_USEC_for_this_process_only(string? usec, string? pid, bool enabled, int seconds)
    {
        WatchdogSettings settings = WatchdogSettings.Parse(usec, pid, ownPid: 4242);

        Assert.Equal(enabled, settings.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(seconds), settings.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(seconds / 2.0), settings.Interval);
    }
}
