namespace PiTune.Core.Memory;

/// <summary>
/// The values the kernel accepts for the vm sysctls PiTune knows (Documentation/admin-guide/sysctl/vm.rst and the
/// bounds in kernel/sysctl tables). A key not listed is still allowed when the kernel has it; the kernel then judges
/// the value itself and a refused write is logged once.
/// </summary>
public static class VmSysctlRanges
{
    public const string Swappiness = "swappiness";
    public const string VfsCachePressure = "vfs_cache_pressure";

    /// <summary>Linux 5.8 raised the swappiness maximum from 100 to 200 (anonymous vs file reclaim cost).</summary>
    public static readonly Version SwappinessTo200Since = new(5, 8);

    private static readonly Dictionary<string, (long Min, long Max)> Ranges = new(StringComparer.Ordinal)
    {
        [Swappiness] = (0, 200),
        [VfsCachePressure] = (0, int.MaxValue),
        ["dirty_ratio"] = (0, 100),
        ["dirty_background_ratio"] = (0, 100),
        ["dirty_bytes"] = (0, long.MaxValue),
        ["dirty_background_bytes"] = (0, long.MaxValue),
        ["dirty_expire_centisecs"] = (0, int.MaxValue),
        ["dirty_writeback_centisecs"] = (0, int.MaxValue),
        ["min_free_kbytes"] = (0, int.MaxValue),
        ["watermark_scale_factor"] = (1, 3000),
        ["watermark_boost_factor"] = (0, int.MaxValue),
        ["overcommit_memory"] = (0, 2),
        ["overcommit_ratio"] = (0, int.MaxValue),
        ["overcommit_kbytes"] = (0, long.MaxValue),
        ["page-cluster"] = (0, 31),
        ["laptop_mode"] = (0, int.MaxValue),
        ["oom_kill_allocating_task"] = (0, 1),
        ["panic_on_oom"] = (0, 2),
        ["compaction_proactiveness"] = (0, 100),
        ["extfrag_threshold"] = (0, 1000),
        ["min_unmapped_ratio"] = (0, 100),
        ["min_slab_ratio"] = (0, 100),
        ["zone_reclaim_mode"] = (0, 15),
        ["admin_reserve_kbytes"] = (0, long.MaxValue),
        ["user_reserve_kbytes"] = (0, long.MaxValue),
        ["max_map_count"] = (0, int.MaxValue),
        ["stat_interval"] = (0, int.MaxValue),
    };

    /// <summary>Files under <c>/proc/sys/vm</c> that trigger an action when written rather than hold a setting: nothing to restore.</summary>
    private static readonly HashSet<string> Actions = new(StringComparer.Ordinal) { "drop_caches", "compact_memory", "stat_refresh" };

    /// <summary>A plain file name under <c>/proc/sys/vm</c> (lower-case letters, digits, '_' and an inner '-', as in <c>page-cluster</c>).</summary>
    public static bool IsPlainName(string? key) =>
        !string.IsNullOrEmpty(key) && key.Length <= 64 && key[0] != '-' && key[^1] != '-'
        && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-');

    public static bool IsAction(string key) => Actions.Contains(key);

    /// <summary>The accepted range of a known key; null when PiTune does not know the key's range.</summary>
    public static (long Min, long Max)? RangeOf(string key, Version? kernel = null)
    {
        if (!Ranges.TryGetValue(key, out (long Min, long Max) range))
        {
            return null;
        }

        return key == Swappiness && kernel is not null && kernel < SwappinessTo200Since ? (0, 100) : range;
    }
}
