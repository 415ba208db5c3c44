using PiTune.Core.Platform;
using PiTune.Linux.Memory;
using PiTune.Linux.Proc;
using PiTune.Linux.Tests.Support;

namespace PiTune.Linux.Tests.Memory;

public sealed class FolderSwapControlTests
{
    [Fact]
    public void Swapoff_removes_the_line_and_swapon_puts_it_back_with_its_priority_in_the_kernels_layout()
    {
        using TempRoot root = TempRoot.Pi5();
        var swaps = new ProcSwaps(root.Files);
        var control = new FolderSwapControl(root.Path);
        SwapEntry original = Assert.Single(swaps.Read().Value!);

        Assert.True(control.SwapOff("/var/swap").IsOk);
        Assert.Empty(swaps.Read().Value!);
        Assert.True(control.SwapOn(original).IsOk);

        Assert.Equal(original with { UsedBytes = 0 }, Assert.Single(swaps.Read().Value!));
    }

    [Fact]
    public void Errors_mimic_the_kernels()
    {
        using TempRoot root = TempRoot.Pi5();
        var control = new FolderSwapControl(root.Path);

        Assert.Equal(SwapCallResult.EINVAL, control.SwapOff("/not/swap").Errno);
        Assert.Equal(SwapCallResult.EBUSY, control.SwapOn(new SwapEntry("/var/swap", "file", 1024, 0, -2)).Errno);
    }

    [Fact]
    public void A_filename_with_a_space_is_escaped_as_the_kernel_does_and_reads_back()
    {
        using TempRoot root = TempRoot.Pi5();
        var control = new FolderSwapControl(root.Path);
        var entry = new SwapEntry("/mnt/my swap", "file", 4096 * 1024, 0, 7);

        Assert.True(control.SwapOn(entry).IsOk);

        Assert.Contains(@"/mnt/my\040swap", File.ReadAllText(Path.Join(root.Path, "proc/swaps")), StringComparison.Ordinal);
        Assert.Contains(entry, new ProcSwaps(root.Files).Read().Value!);
    }

    [Theory]
    [InlineData(5, 0x8005)]
    [InlineData(0, 0x8000)]
    [InlineData(32767, 0xFFFF)]
    [InlineData(-2, 0)]
    public void Kernel_swapon_flags_carry_a_preferred_priority_and_leave_a_negative_one_to_the_kernel(int priority, int flags)
    {
        Assert.Equal(flags, KernelSwapControl.Flags(priority));
    }
}
