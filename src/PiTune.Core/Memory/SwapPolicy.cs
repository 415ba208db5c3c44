using System.Globalization;
using PiTune.Core.Platform;

namespace PiTune.Core.Memory;

/// <summary>
/// Whether swap should be off, and whether turning it off is safe. Pure: inputs in, decision and next state out.
/// <list type="bullet">
/// <item>Swap goes off under <see cref="SwapOffMode.Always"/>, or under <see cref="SwapOffMode.DuringInference"/> while
/// work is queued or running; it stays off until <see cref="MemoryOptions.SwapOnIdleGrace"/> passes without work.</item>
/// <item>Only when safe: MemAvailable must exceed the swap in use plus <see cref="MemoryOptions.SwapOffHeadroomMB"/>,
/// since swapoff has to bring every swapped page back into RAM. Otherwise <see cref="SwapAction.Unsafe"/>, with the figures.</item>
/// <item>After a failed round (swapoff or swapon), nothing is tried again for <see cref="MemoryOptions.SwapRetryInterval"/>.</item>
/// <item>Areas go off lowest priority first, so pages never move into an area that is about to go off too.</item>
/// </list>
/// </summary>
public static class SwapPolicy
{
    private const long MiB = 1024 * 1024;

    public static (SwapDecision Decision, SwapTracking Next) Decide(SwapInput input, MemoryOptions options, SwapTracking state)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);

        bool active = input.InferenceActive == true;
        SwapTracking next = active ? state with { LastActiveAt = input.Now } : state;
        bool wantOff = options.Enabled && options.DisableSwap switch
        {
            SwapOffMode.Always => true,
            SwapOffMode.DuringInference => active
                || (input.HeldOff > 0 && next.LastActiveAt is { } last && input.Now - last < options.SwapOnIdleGrace),
            _ => false,
        };

        bool waiting = state.LastFailureAt is { } failed && input.Now - failed < options.SwapRetryInterval;
        if (input.Busy || waiting)
        {
            return (SwapDecision.Nothing(wantOff), next);
        }

        if (!wantOff)
        {
            return input.HeldOff > 0
                ? (new SwapDecision(SwapAction.TurnOn, [], WhyOn(options), false), next)
                : (SwapDecision.Nothing(false), next);
        }

        if (input.Listed is not { Count: > 0 } listed)
        {
            return (SwapDecision.Nothing(true), next);
        }

        long used = listed.Sum(e => e.UsedBytes);
        long needed = used + (options.SwapOffHeadroomMB * MiB);
        string why = options.DisableSwap == SwapOffMode.Always ? "Memory:DisableSwap is Always" : "inference work is running";
        if (input.AvailableBytes is not { } available)
        {
            return (new SwapDecision(SwapAction.Unsafe, listed, $"{why}, but MemAvailable cannot be read, so it is not known to be safe", true), next);
        }

        string figures = $"MemAvailable {Mb(available)} vs swap in use {Mb(used)} + headroom {options.SwapOffHeadroomMB} MiB = {Mb(needed)}";
        if (available <= needed)
        {
            return (new SwapDecision(SwapAction.Unsafe, listed, $"{why}, but {figures}: not enough room for the swapped pages", true), next);
        }

        SwapEntry[] order = [.. listed.OrderBy(e => e.Priority)];
        return (new SwapDecision(SwapAction.TurnOff, order, $"{why}; safe: {figures}", true), next);
    }

    private static string WhyOn(MemoryOptions options) =>
        !options.Enabled ? "the memory job is disabled"
        : options.DisableSwap == SwapOffMode.DuringInference ? $"no inference work for {options.SwapOnIdleGrace}"
        : $"Memory:DisableSwap is {options.DisableSwap}";

    private static string Mb(long bytes) => (bytes / (double)MiB).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";
}
