using System.Globalization;
using PiTune.Linux.Tuning;

namespace PiTune.Linux.Tests.Tuning;

/// <summary>
/// One PiTune per machine root. flock belongs to the open file, so two acquisitions in this one process exclude
/// each other exactly as two daemons do; the cross-process and kill -9 cases are in PiTune.Tests' fault suite.
/// </summary>
public sealed class InstanceLockTests : IDisposable
{
    private readonly LedgerTestBed _bed = new();
    private readonly string _pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void A_second_instance_on_the_same_state_directory_is_refused_naming_the_holders_PID_and_the_lock_file()
    {
        InstanceLockAttempt first = InstanceLock.TryAcquire(_bed.Root, _bed.StateDirectory);
        using InstanceLock held = Assert.IsType<InstanceLock>(first.Lock);

        InstanceLockAttempt second = InstanceLock.TryAcquire(_bed.Root, _bed.StateDirectory);

        Assert.Null(second.Lock);
        string lockFile = Path.Join(_bed.StateDirectory, "pitune.lock");
        Assert.Equal($"another PiTune (PID {_pid}) holds {lockFile}; stop it first", second.Refusal);
        Assert.Empty(first.Warnings);
    }

    [Fact]
    public void The_lock_file_holds_the_PID_for_an_admin_to_read()
    {
        using InstanceLock? held = InstanceLock.TryAcquire(_bed.Root, _bed.StateDirectory).Lock;

        Assert.Equal(_pid + "\n", ReadWithoutLocking(Path.Join(_bed.StateDirectory, "pitune.lock")));
    }

    [Fact]
    public void A_second_instance_on_the_same_root_with_another_state_directory_is_refused_naming_the_root()
    {
        using InstanceLock? held = InstanceLock.TryAcquire(_bed.Root, _bed.StateDirectory).Lock;
        Assert.NotNull(held);

        InstanceLockAttempt second = InstanceLock.TryAcquire(_bed.Root, Path.Join(_bed.Path, "other-state"));

        Assert.Null(second.Lock);
        Assert.Equal($"another PiTune (PID {_pid}) is tuning the machine root {_bed.Root} (it holds a lock on that directory); stop it first", second.Refusal);
    }

    [Fact]
    public void A_refused_second_instance_leaves_the_first_ones_state_lock_alone()
    {
        using InstanceLock? held = InstanceLock.TryAcquire(_bed.Root, _bed.StateDirectory).Lock;
        string otherRoot = Directory.CreateDirectory(Path.Join(_bed.Path, "other-root")).FullName;

        // Same state directory, another root: refused by the state lock, and the root it did not get stays free.
        Assert.NotNull(InstanceLock.TryAcquire(otherRoot, _bed.StateDirectory).Refusal);

        using InstanceLock? onOtherRoot = InstanceLock.TryAcquire(otherRoot, Path.Join(_bed.Path, "other-state")).Lock;
        Assert.NotNull(onOtherRoot);
    }

    [Fact]
    public void Once_released_the_next_instance_gets_both_locks()
    {
        InstanceLock.TryAcquire(_bed.Root, _bed.StateDirectory).Lock!.Dispose();

        using InstanceLock? next = InstanceLock.TryAcquire(_bed.Root, _bed.StateDirectory).Lock;

        Assert.NotNull(next);
    }

    [Fact]
    public void Two_roots_with_two_state_directories_run_side_by_side()
    {
        string otherRoot = Directory.CreateDirectory(Path.Join(_bed.Path, "other-root")).FullName;
        using InstanceLock? first = InstanceLock.TryAcquire(_bed.Root, _bed.StateDirectory).Lock;

        using InstanceLock? second = InstanceLock.TryAcquire(otherRoot, Path.Join(_bed.Path, "other-state")).Lock;

        Assert.NotNull(first);
        Assert.NotNull(second);
    }

    [Fact]
    public void An_unusable_state_directory_is_a_warning_and_the_root_lock_still_keeps_a_second_instance_out()
    {
        string notADirectory = Path.Join(_bed.Path, "state-file");
        File.WriteAllText(notADirectory, "x");

        InstanceLockAttempt first = InstanceLock.TryAcquire(_bed.Root, notADirectory);
        using InstanceLock held = Assert.IsType<InstanceLock>(first.Lock);

        string warning = Assert.Single(first.Warnings);
        Assert.StartsWith($"the lock {notADirectory}/pitune.lock cannot be taken (", warning, StringComparison.Ordinal);
        Assert.EndsWith($"only the lock on the root {_bed.Root} keeps a second PiTune out", warning, StringComparison.Ordinal);
        Assert.Contains("is tuning the machine root", InstanceLock.TryAcquire(_bed.Root, notADirectory).Refusal, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(notADirectory));
    }

    [Fact]
    public void Locking_the_root_creates_nothing_in_the_tree()
    {
        string[] before = Directory.GetFileSystemEntries(_bed.Root, "*", SearchOption.AllDirectories);

        using InstanceLock? held = InstanceLock.TryAcquire(_bed.Root, _bed.StateDirectory).Lock;

        Assert.Equal(before, Directory.GetFileSystemEntries(_bed.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Without_proc_locks_the_PID_comes_from_the_lock_file()
    {
        using InstanceLock? held = InstanceLock.TryAcquire(_bed.Root, _bed.StateDirectory).Lock;

        InstanceLockAttempt second = InstanceLock.TryAcquire(_bed.Root, _bed.StateDirectory, Path.Join(_bed.Path, "no-proc-locks"));

        Assert.StartsWith($"another PiTune (PID {_pid}) holds ", second.Refusal, StringComparison.Ordinal);
    }

    /// <summary>.NET's File API takes a shared flock to read, which a held exclusive lock refuses; cat does not.</summary>
    private static string ReadWithoutLocking(string path)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("cat", path) { RedirectStandardOutput = true };
        using var cat = System.Diagnostics.Process.Start(psi)!;
        string text = cat.StandardOutput.ReadToEnd();
        cat.WaitForExit();
        return text;
    }
}
