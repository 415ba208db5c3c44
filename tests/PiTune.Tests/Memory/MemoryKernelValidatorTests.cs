using Microsoft.Extensions.Options;
using PiTune.Core.Memory;
using PiTune.Linux;
using PiTune.Linux.Files;
using PiTune.Memory;
using PiTune.Simulation;
using PiTune.Tests.Support;

namespace PiTune.Tests.Memory;

public sealed class MemoryKernelValidatorTests : IDisposable
{
    private readonly TempDirectory _dir = new("pitune-memval");

    public void Dispose() => _dir.Dispose();

    private static IReadOnlyList<string> Failures(string root, MemoryOptions options)
    {
        var files = new RootedSysFiles(root);
        ValidateOptionsResult result = new MemoryKernelValidator(LinuxMachine.Discover(files), files).Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void A_sysctl_key_this_kernel_does_not_have_is_a_config_error_naming_the_key_and_file()
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"));
        var options = new MemoryOptions();
        options.Sysctl["dirty_ratio"] = 15;
        options.Sysctl["no_such_knob"] = 1;

        string failure = Assert.Single(Failures(root, options));

        Assert.Equal($"Memory:Sysctl:no_such_knob: vm.no_such_knob does not exist on this kernel ({root}/proc/sys/vm/no_such_knob is not there)", failure);
    }

    [Fact]
    public void Swappiness_above_100_is_rejected_on_a_kernel_older_than_5_8()
    {
        string root = Pi5Layout.Write(_dir.Combine("pi5"));
        _dir.WriteFile("pi5/proc/sys/kernel/osrelease", "5.4.83-v8+\n");

        Assert.Equal(["Memory:Swappiness (vm.swappiness) must be 0 to 100 on kernel 5.4, was 150"], Failures(root, new MemoryOptions { Swappiness = 150 }));
        _dir.WriteFile("pi5/proc/sys/kernel/osrelease", "6.6.31+rpt-rpi-2712\n");
        Assert.Empty(Failures(root, new MemoryOptions { Swappiness = 150 }));
    }

    [Fact]
    public void A_root_without_proc_sys_vm_is_not_an_error()
    {
        string root = Directory.CreateDirectory(_dir.Combine("empty")).FullName;
        var options = new MemoryOptions();
        options.Sysctl["dirty_ratio"] = 15;

        Assert.Empty(Failures(root, options));
    }
}
