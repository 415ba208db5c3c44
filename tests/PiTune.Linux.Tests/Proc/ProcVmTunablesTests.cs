using PiTune.Core.Platform;
using PiTune.Linux.Proc;
using PiTune.Linux.Tests.Support;

namespace PiTune.Linux.Tests.Proc;

public sealed class ProcVmTunablesTests
{
    [Fact]
    public void A_plain_key_maps_to_its_file_under_proc_sys_vm()
    {
        using TempRoot root = TempRoot.Pi5();
        var vm = new ProcVmTunables(root.Files);

        Assert.Equal(new Tunable("proc/sys/vm/swappiness"), vm.Get("swappiness"));
        Assert.True(vm.Exists("swappiness"));
        Assert.Equal(60, vm.ReadInteger("swappiness").Value);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("vm.swappiness")]
    [InlineData("Swappiness")]
    [InlineData("")]
    public void A_key_that_is_not_a_plain_name_has_no_tunable(string key)
    {
        using TempRoot root = TempRoot.Pi5();
        var vm = new ProcVmTunables(root.Files);

        Assert.Null(vm.Get(key));
        Assert.False(vm.Exists(key));
        Assert.Equal(ReadStatus.Missing, vm.ReadInteger(key).Status);
    }

    [Fact]
    public void An_unknown_key_is_missing_and_a_multi_value_one_is_garbage()
    {
        using TempRoot root = TempRoot.Pi5().Write("proc/sys/vm/lowmem_reserve_ratio", "256\t256\t32\t0\n");
        var vm = new ProcVmTunables(root.Files);

        Assert.False(vm.Exists("no_such_knob"));
        Assert.Equal(ReadStatus.Missing, vm.ReadInteger("no_such_knob").Status);
        ReadResult<long> multi = vm.ReadInteger("lowmem_reserve_ratio");
        Assert.Equal(ReadStatus.Garbage, multi.Status);
        Assert.Equal("proc/sys/vm/lowmem_reserve_ratio", multi.Path);
    }
}
