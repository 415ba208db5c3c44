using System.Globalization;
using PiTune.Core.Priority;
using PiTune.Linux.Scheduling;
using PiTune.Priority;
using PiTune.Tests.Support;

namespace PiTune.Tests.Priority;

/// <summary>
/// Against this machine's real kernel (the tests run as root): the setup is applied to a thread of the test process
/// and read back from <c>/proc/self/task/&lt;tid&gt;</c>; each thread is put back to SCHED_OTHER, nice 0 and every CPU.
/// </summary>
public sealed class InferenceThreadSetupTests
{
    [Fact]
    public void Nice_and_affinity_reach_the_calling_thread_only_as_proc_shows_them()
    {
        var logger = new ListLogger<InferenceThreadSetup>();
        var setup = new InferenceThreadSetup(new FixedOptionsMonitor<PriorityOptions>(new PriorityOptions { Nice = -7, InferenceCpus = "0" }), logger);

        (bool ok, Stat stat, string allowed, Stat other) = OnThread(() => setup.ApplyToCurrentThread());

        Assert.True(ok, string.Join("\n", logger.Entries.Select(e => e.Message)));
        Assert.Equal(-7, stat.Nice);
        Assert.Equal(0, stat.Policy); // SCHED_OTHER
        Assert.Equal("0", allowed);
        Assert.Equal(0, other.Nice); // the test's own thread is untouched
    }

    [Fact]
    public void A_round_robin_policy_with_its_priority_reaches_the_thread()
    {
        var options = new PriorityOptions { Policy = SchedulingPolicy.RoundRobin, RtPriority = 5, InferenceCpus = "0", HousekeepingCpus = "1" };
        var setup = new InferenceThreadSetup(new FixedOptionsMonitor<PriorityOptions>(options), new ListLogger<InferenceThreadSetup>());

        (bool ok, Stat stat, _, _) = OnThread(() => setup.ApplyToCurrentThread());

        Assert.True(ok);
        Assert.Equal(2, stat.Policy); // SCHED_RR
        Assert.Equal(5, stat.RtPriority);
    }

    [Fact]
    public void A_cpu_that_does_not_exist_is_reported_once_and_the_thread_carries_on()
    {
        var logger = new ListLogger<InferenceThreadSetup>();
        var setup = new InferenceThreadSetup(new FixedOptionsMonitor<PriorityOptions>(new PriorityOptions { Nice = -3, InferenceCpus = "1000" }), logger);

        (bool ok, Stat stat, string allowed, _) = OnThread(() => setup.ApplyToCurrentThread() & setup.ApplyToCurrentThread());

        Assert.False(ok);
        Assert.Equal(-3, stat.Nice); // what could be applied was
        Assert.NotEqual("1000", allowed);
        var warning = Assert.Single(logger.Entries, e => e.Id.Id == 4101);
        Assert.Contains("sched_setaffinity", warning.Message, StringComparison.Ordinal);
        Assert.Contains("EINVAL", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reloaded_nice_and_cpu_set_reach_a_running_inference_thread_and_are_logged_once()
    {
        var logger = new ListLogger<InferenceThreadSetup>();
        var monitor = new MutableOptionsMonitor<PriorityOptions>(new PriorityOptions { Nice = 3, InferenceCpus = "0" });
        var setup = new InferenceThreadSetup(monitor, logger);
        using var applied = new ManualResetEventSlim();
        using var reloaded = new ManualResetEventSlim();
        Stat before = default, after = default;
        string cpusAfter = "";

        // The thread stays alive across the reload, as a batcher's worker does; the test drives both steps.
        (bool ok, _, _, _) = OnThread(() =>
        {
            int tid = ThreadScheduling.CurrentThreadId();
            bool ok = setup.ApplyToCurrentThread();
            before = ReadStat(tid);
            applied.Set();
            reloaded.Wait(TimeSpan.FromSeconds(30));
            after = ReadStat(tid);
            cpusAfter = CpusAllowed(tid);
            return ok;
        }, whileRunning: () =>
        {
            Assert.True(applied.Wait(TimeSpan.FromSeconds(30)));
            monitor.Reload(new PriorityOptions { Nice = 6, InferenceCpus = "1" });
            monitor.Reload(new PriorityOptions { Nice = 6, InferenceCpus = "1" }); // no change: no second line
            reloaded.Set();
        });

        Assert.True(ok);
        Assert.Equal(3, before.Nice);
        Assert.Equal(6, after.Nice);
        Assert.Equal("1", cpusAfter);
        var line = Assert.Single(logger.Entries, e => e.Id.Id == 4105);
        Assert.Contains("nice 6, SCHED_OTHER, CPUs 1 applied to the 1 running inference thread(s)", line.Message, StringComparison.Ordinal);
    }

    private readonly record struct Stat(int Nice, int Policy, int RtPriority);

    /// <summary>Runs <paramref name="apply"/> on a fresh thread, reads that thread's /proc entries, then puts it back.</summary>
    private static (bool Ok, Stat Stat, string CpusAllowed, Stat Other) OnThread(Func<bool> apply, Action? whileRunning = null)
    {
        (bool, Stat, string, Stat) result = default;
        Exception? failure = null;
        int testThread = ThreadScheduling.CurrentThreadId();
        var thread = new Thread(() =>
        {
            int tid = ThreadScheduling.CurrentThreadId();
            int[] cpus = ThreadScheduling.GetAffinity(tid) ?? [];
            try
            {
                bool ok = apply();
                result = (ok, ReadStat(tid), CpusAllowed(tid), ReadStat(testThread));
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                ThreadScheduling.SetPolicy(tid, SchedulingPolicy.Other, 0);
                ThreadScheduling.SetNice(tid, 0);
                ThreadScheduling.SetAffinity(tid, cpus);
            }
        });
        thread.Start();
        whileRunning?.Invoke();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException("the setup thread failed", failure);
    }

    /// <summary>proc(5): after the ")" that ends comm, fields from 3 on; nice is field 19, rt_priority 40, policy 41.</summary>
    private static Stat ReadStat(int tid)
    {
        string text = File.ReadAllText($"/proc/self/task/{tid}/stat");
        string[] fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        int Field(int n) => int.Parse(fields[n - 3], CultureInfo.InvariantCulture);
        return new Stat(Field(19), Field(41), Field(40));
    }

    private static string CpusAllowed(int tid) =>
        File.ReadAllLines($"/proc/self/task/{tid}/status").Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split(':')[1].Trim();
}
