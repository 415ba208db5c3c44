using PiTune.Cli;

namespace PiTune.Tests.Cli;

/// <summary>The frames and lines <c>pitune top</c> draws, from known history.</summary>
public sealed class TopViewTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static TopSample Sample(long sequence, double cpu, uint throttle = 0, bool underVoltage = false) => new(
        sequence, Start.AddSeconds(sequence), false, 55, 1_800_000, 2_400_000, null, 40, 3100, cpu, 30, 0.5, 0, 0, 0, throttle, underVoltage);

    private static TopStatus Status(string? profile = null) => new("0.1.0", 75, true, "ondemand", profile, "normal", 1, 1);

    [Fact]
    public void Without_colour_a_frame_has_no_escape_codes_and_no_line_is_wider_than_the_terminal()
    {
        TopSample[] samples = [.. Enumerable.Range(1, 200).Select(i => Sample(i, i % 100, throttle: 0x50005, underVoltage: true))];
        IReadOnlyList<string> lines = TopView.Render(new TopFrame("/run/pitune/pitune.sock", samples, Status(), null), 79, 40, color: false);

        Assert.All(lines, l => Assert.DoesNotContain('\e', l));
        Assert.All(lines, l => Assert.True(l.Length <= 79, l));
        Assert.Contains(lines, l => l.Contains("UNDER-VOLTAGE NOW", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("under-voltage NOW", StringComparison.Ordinal) && l.Contains("throttled NOW", StringComparison.Ordinal));
    }

    [Fact]
    public void With_colour_throttle_flags_are_painted_and_the_under_voltage_banner_is_loud()
    {
        TopSample[] samples = [Sample(1, 10, throttle: 0x50005, underVoltage: true)];
        IReadOnlyList<string> lines = TopView.Render(new TopFrame("s", samples, Status(), null), 120, 40, color: true);

        Assert.Contains(lines, l => l.StartsWith("\e[1;97;41m", StringComparison.Ordinal) && l.Contains("UNDER-VOLTAGE", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\e[31m\e[1munder-voltage NOW", StringComparison.Ordinal));
    }

    [Fact]
    public void The_header_names_the_governor_and_the_profile_when_the_daemon_reports_one()
    {
        TopSample[] samples = [Sample(1, 10)];
        Assert.Contains("governor ondemand · profile quiet", TopView.Render(new TopFrame("s", samples, Status("quiet"), null), 120, 40, false)[0], StringComparison.Ordinal);
        Assert.DoesNotContain("profile", TopView.Render(new TopFrame("s", samples, Status(), null), 120, 40, false)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_cpu_chart_shows_the_history_newest_at_the_right_and_a_small_terminal_gets_fewer_lines()
    {
        TopSample[] samples = [Sample(1, 0), Sample(2, 50), Sample(3, 100)];
        IReadOnlyList<string> lines = TopView.Render(new TopFrame("s", samples, Status(), null), 60, 40, false);
        string cpu = Assert.Single(lines, l => l.StartsWith(" cpu ", StringComparison.Ordinal));
        Assert.EndsWith("▁▅█", cpu, StringComparison.Ordinal);
        Assert.Equal(5, TopView.Render(new TopFrame("s", samples, Status(), null), 60, 5, false).Count);
    }

    [Fact]
    public void A_lost_daemon_is_said_on_screen()
    {
        IReadOnlyList<string> lines = TopView.Render(new TopFrame("s", [Sample(1, 10)], Status(), "lost the daemon: pitune is not running"), 120, 40, false);
        Assert.Equal(" lost the daemon: pitune is not running", lines[1]);
    }

    [Fact]
    public void Sparklines_scale_between_the_bounds_and_leave_missing_readings_blank()
    {
        Assert.Equal("  ▁ █", Sparkline.Render([0, null, 100], 5, 0, 100));
        Assert.Equal("▅█", Sparkline.Render([0, 50, 200], 2, 0, 100));
        Assert.Equal("▁▄", Sparkline.Render([-10, 40], 2, 0, 100));
    }

    [Fact]
    public void Piped_top_prints_one_line_with_every_reading()
    {
        string line = TopLine.Format(Sample(7, 37.5, throttle: 0x1, underVoltage: true), Status("quiet"));
        Assert.Equal("2026-12-01T12:00:07Z seq 7 temp 55.0C freq 1800MHz cap 2400MHz fan 40% 3100rpm cpu 37.5% mem 30.0% psi 0.50 queue 0 p95 0.0ms rps 0.0 governor ondemand profile quiet throttle 0x1 UNDER-VOLTAGE", line);
    }
}
