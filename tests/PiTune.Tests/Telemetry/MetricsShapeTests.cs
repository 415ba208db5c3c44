using PiTune.Tests.Api;

namespace PiTune.Tests.Telemetry;

/// <summary>
/// The shape of <c>GET /metrics</c> (families, HELP and TYPE lines, series and their label sets, bucket bounds) as
/// prometheus-net 8.2.1 served it before our own writer replaced it: a dashboard or alert written against the old
/// output keeps working. Values are left out (durations and timestamps vary); the writer's tests check them.
/// </summary>
public sealed class MetricsShapeTests
{
    [Fact]
    public async Task Metrics_keep_the_families_types_series_and_buckets_prometheus_net_served()
    {
        await using ApiTestServer server = await ApiTestServer.StartAsync(ApiTestServer.Classifier());
        server.Bus.Publish(StatusFixture.Snapshot(temperature: 61.5));
        server.Instruments.SamplingTick.Record(TimeSpan.FromMilliseconds(3));
        server.Instruments.GovernorSwitch.Record(TimeSpan.FromMilliseconds(1));
        server.Instruments.GovernorChanged("policy0", "performance");
        using HttpResponseMessage infer = await server.InferBinaryAsync("cls", 1, ApiTestServer.Values(1, seed: 3));
        infer.EnsureSuccessStatusCode();
        string first = Shape(await server.Client.GetStringAsync("/metrics"));

        // A reading that could not be taken (temperature): its series goes, its HELP and TYPE lines stay.
        server.Bus.Publish(StatusFixture.Snapshot(temperature: null));
        string second = Shape(await server.Client.GetStringAsync("/metrics"));

        Assert.Equal(ExpectedFirst.ReplaceLineEndings("\n"), first);
        Assert.Equal(ExpectedSecond.ReplaceLineEndings("\n"), second);
    }

    /// <summary>Comment lines as they are; sample lines without their value; in the order served.</summary>
    private static string Shape(string text) => string.Join('\n', text.Split('\n')
        .Where(l => l.Length > 0)
        .Select(l => l.StartsWith('#') ? l : l[..l.LastIndexOf(' ')]));

    private const string ExpectedFirst = """
        # HELP pitune_sampling_tick_duration_milliseconds Time to take one snapshot (all readers and contributors)
        # TYPE pitune_sampling_tick_duration_milliseconds histogram
        pitune_sampling_tick_duration_milliseconds_sum
        pitune_sampling_tick_duration_milliseconds_count
        pitune_sampling_tick_duration_milliseconds_bucket{le="0.05"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="0.1"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="0.25"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="0.5"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="1"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="2.5"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="5"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="10"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="25"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="50"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="100"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="250"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="500"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="1000"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="2500"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="5000"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="10000"}
        pitune_sampling_tick_duration_milliseconds_bucket{le="+Inf"}
        # HELP pitune_governor_switch_duration_milliseconds Time to write scaling_governor, through the ledger
        # TYPE pitune_governor_switch_duration_milliseconds histogram
        pitune_governor_switch_duration_milliseconds_sum
        pitune_governor_switch_duration_milliseconds_count
        pitune_governor_switch_duration_milliseconds_bucket{le="0.05"}
        pitune_governor_switch_duration_milliseconds_bucket{le="0.1"}
        pitune_governor_switch_duration_milliseconds_bucket{le="0.25"}
        pitune_governor_switch_duration_milliseconds_bucket{le="0.5"}
        pitune_governor_switch_duration_milliseconds_bucket{le="1"}
        pitune_governor_switch_duration_milliseconds_bucket{le="2.5"}
        pitune_governor_switch_duration_milliseconds_bucket{le="5"}
        pitune_governor_switch_duration_milliseconds_bucket{le="10"}
        pitune_governor_switch_duration_milliseconds_bucket{le="25"}
        pitune_governor_switch_duration_milliseconds_bucket{le="50"}
        pitune_governor_switch_duration_milliseconds_bucket{le="100"}
        pitune_governor_switch_duration_milliseconds_bucket{le="250"}
        pitune_governor_switch_duration_milliseconds_bucket{le="500"}
        pitune_governor_switch_duration_milliseconds_bucket{le="1000"}
        pitune_governor_switch_duration_milliseconds_bucket{le="2500"}
        pitune_governor_switch_duration_milliseconds_bucket{le="5000"}
        pitune_governor_switch_duration_milliseconds_bucket{le="10000"}
        pitune_governor_switch_duration_milliseconds_bucket{le="+Inf"}
        # HELP pitune_governor_changes_total Governor writes PiTune made, by policy and governor
        # TYPE pitune_governor_changes_total counter
        pitune_governor_changes_total{governor="performance",policy="policy0"}
        # HELP pitune_inference_batch_duration_milliseconds Time one batch ran in its session
        # TYPE pitune_inference_batch_duration_milliseconds histogram
        pitune_inference_batch_duration_milliseconds_sum
        pitune_inference_batch_duration_milliseconds_count
        pitune_inference_batch_duration_milliseconds_bucket{le="0.05"}
        pitune_inference_batch_duration_milliseconds_bucket{le="0.1"}
        pitune_inference_batch_duration_milliseconds_bucket{le="0.25"}
        pitune_inference_batch_duration_milliseconds_bucket{le="0.5"}
        pitune_inference_batch_duration_milliseconds_bucket{le="1"}
        pitune_inference_batch_duration_milliseconds_bucket{le="2.5"}
        pitune_inference_batch_duration_milliseconds_bucket{le="5"}
        pitune_inference_batch_duration_milliseconds_bucket{le="10"}
        pitune_inference_batch_duration_milliseconds_bucket{le="25"}
        pitune_inference_batch_duration_milliseconds_bucket{le="50"}
        pitune_inference_batch_duration_milliseconds_bucket{le="100"}
        pitune_inference_batch_duration_milliseconds_bucket{le="250"}
        pitune_inference_batch_duration_milliseconds_bucket{le="500"}
        pitune_inference_batch_duration_milliseconds_bucket{le="1000"}
        pitune_inference_batch_duration_milliseconds_bucket{le="2500"}
        pitune_inference_batch_duration_milliseconds_bucket{le="5000"}
        pitune_inference_batch_duration_milliseconds_bucket{le="10000"}
        pitune_inference_batch_duration_milliseconds_bucket{le="+Inf"}
        # HELP pitune_inference_request_duration_milliseconds Time from queueing to result, per request
        # TYPE pitune_inference_request_duration_milliseconds histogram
        pitune_inference_request_duration_milliseconds_sum
        pitune_inference_request_duration_milliseconds_count
        pitune_inference_request_duration_milliseconds_bucket{le="0.05"}
        pitune_inference_request_duration_milliseconds_bucket{le="0.1"}
        pitune_inference_request_duration_milliseconds_bucket{le="0.25"}
        pitune_inference_request_duration_milliseconds_bucket{le="0.5"}
        pitune_inference_request_duration_milliseconds_bucket{le="1"}
        pitune_inference_request_duration_milliseconds_bucket{le="2.5"}
        pitune_inference_request_duration_milliseconds_bucket{le="5"}
        pitune_inference_request_duration_milliseconds_bucket{le="10"}
        pitune_inference_request_duration_milliseconds_bucket{le="25"}
        pitune_inference_request_duration_milliseconds_bucket{le="50"}
        pitune_inference_request_duration_milliseconds_bucket{le="100"}
        pitune_inference_request_duration_milliseconds_bucket{le="250"}
        pitune_inference_request_duration_milliseconds_bucket{le="500"}
        pitune_inference_request_duration_milliseconds_bucket{le="1000"}
        pitune_inference_request_duration_milliseconds_bucket{le="2500"}
        pitune_inference_request_duration_milliseconds_bucket{le="5000"}
        pitune_inference_request_duration_milliseconds_bucket{le="10000"}
        pitune_inference_request_duration_milliseconds_bucket{le="+Inf"}
        # HELP pitune_inference_batch_size Rows per batch the batcher formed
        # TYPE pitune_inference_batch_size histogram
        pitune_inference_batch_size_sum
        pitune_inference_batch_size_count
        pitune_inference_batch_size_bucket{le="1"}
        pitune_inference_batch_size_bucket{le="2"}
        pitune_inference_batch_size_bucket{le="4"}
        pitune_inference_batch_size_bucket{le="8"}
        pitune_inference_batch_size_bucket{le="16"}
        pitune_inference_batch_size_bucket{le="32"}
        pitune_inference_batch_size_bucket{le="64"}
        pitune_inference_batch_size_bucket{le="128"}
        pitune_inference_batch_size_bucket{le="+Inf"}
        # HELP pitune_inference_queue_depth pitune.inference.queue.depth
        # TYPE pitune_inference_queue_depth gauge
        pitune_inference_queue_depth
        # HELP pitune_pool_bytes_in_use pitune.pool.bytes_in_use
        # TYPE pitune_pool_bytes_in_use gauge
        pitune_pool_bytes_in_use
        # HELP pitune_pool_bytes_free pitune.pool.bytes_free
        # TYPE pitune_pool_bytes_free gauge
        pitune_pool_bytes_free
        # HELP pitune_sampling_ticks_total Snapshots taken since start
        # TYPE pitune_sampling_ticks_total counter
        pitune_sampling_ticks_total
        # HELP pitune_sampling_last_tick_timestamp_seconds Unix time of the latest snapshot
        # TYPE pitune_sampling_last_tick_timestamp_seconds gauge
        pitune_sampling_last_tick_timestamp_seconds
        # HELP pitune_optimized 1 when every reading is under its Optimization threshold (the guide's is_optimized)
        # TYPE pitune_optimized gauge
        pitune_optimized
        # HELP pitune_cpu_usage_percent CPU busy share over the last tick, all cores
        # TYPE pitune_cpu_usage_percent gauge
        pitune_cpu_usage_percent
        # HELP pitune_cpu_core_usage_percent CPU busy share over the last tick, per core
        # TYPE pitune_cpu_core_usage_percent gauge
        pitune_cpu_core_usage_percent{cpu="0"}
        pitune_cpu_core_usage_percent{cpu="1"}
        pitune_cpu_core_usage_percent{cpu="2"}
        pitune_cpu_core_usage_percent{cpu="3"}
        # HELP pitune_cpu_frequency_kilohertz scaling_cur_freq (first policy)
        # TYPE pitune_cpu_frequency_kilohertz gauge
        pitune_cpu_frequency_kilohertz
        # HELP pitune_cpu_frequency_max_kilohertz scaling_max_freq in force (first policy)
        # TYPE pitune_cpu_frequency_max_kilohertz gauge
        pitune_cpu_frequency_max_kilohertz
        # HELP pitune_cpu_thermal_cap_kilohertz The frequency cap the thermal job holds (absent when none)
        # TYPE pitune_cpu_thermal_cap_kilohertz gauge
        pitune_cpu_thermal_cap_kilohertz
        # HELP pitune_cpu_governor 1 for the governor in force (first policy)
        # TYPE pitune_cpu_governor gauge
        pitune_cpu_governor{governor="performance"}
        # HELP pitune_cpu_pressure_some_avg10_percent CPU PSI some avg10
        # TYPE pitune_cpu_pressure_some_avg10_percent gauge
        pitune_cpu_pressure_some_avg10_percent
        # HELP pitune_cpu_policy_frequency_kilohertz scaling_cur_freq per policy
        # TYPE pitune_cpu_policy_frequency_kilohertz gauge
        pitune_cpu_policy_frequency_kilohertz{policy="policy0"}
        # HELP pitune_cpu_policy_frequency_max_kilohertz scaling_max_freq per policy
        # TYPE pitune_cpu_policy_frequency_max_kilohertz gauge
        pitune_cpu_policy_frequency_max_kilohertz{policy="policy0"}
        # HELP pitune_cpu_policy_governor 1 for the governor in force, per policy
        # TYPE pitune_cpu_policy_governor gauge
        pitune_cpu_policy_governor{governor="performance",policy="policy0"}
        # HELP pitune_cpu_governor_time_seconds_total Time each policy has spent under each governor since start
        # TYPE pitune_cpu_governor_time_seconds_total counter
        pitune_cpu_governor_time_seconds_total{governor="ondemand",policy="policy0"}
        pitune_cpu_governor_time_seconds_total{governor="performance",policy="policy0"}
        # HELP pitune_memory_usage_percent Memory in use (MemTotal - MemAvailable)
        # TYPE pitune_memory_usage_percent gauge
        pitune_memory_usage_percent
        # HELP pitune_memory_total_bytes MemTotal
        # TYPE pitune_memory_total_bytes gauge
        pitune_memory_total_bytes
        # HELP pitune_memory_available_bytes MemAvailable
        # TYPE pitune_memory_available_bytes gauge
        pitune_memory_available_bytes
        # HELP pitune_memory_swap_used_bytes Swap in use
        # TYPE pitune_memory_swap_used_bytes gauge
        pitune_memory_swap_used_bytes
        # HELP pitune_memory_pressure_some_avg10_percent Memory PSI some avg10
        # TYPE pitune_memory_pressure_some_avg10_percent gauge
        pitune_memory_pressure_some_avg10_percent
        # HELP pitune_io_pressure_some_avg10_percent I/O PSI some avg10
        # TYPE pitune_io_pressure_some_avg10_percent gauge
        pitune_io_pressure_some_avg10_percent
        # HELP pitune_memory_pressure_state The memory job's state: 0 unknown, 1 normal, 2 high
        # TYPE pitune_memory_pressure_state gauge
        pitune_memory_pressure_state
        # HELP pitune_thermal_temperature_celsius SoC temperature
        # TYPE pitune_thermal_temperature_celsius gauge
        pitune_thermal_temperature_celsius
        # HELP pitune_thermal_soft_limit_celsius The soft limit in force (lowered while the fan has failed)
        # TYPE pitune_thermal_soft_limit_celsius gauge
        pitune_thermal_soft_limit_celsius
        # HELP pitune_thermal_state Throttling episode: 0 normal, 1 throttling, 2 recovering
        # TYPE pitune_thermal_state gauge
        pitune_thermal_state
        # HELP pitune_thermal_sensor_fault 1 when the temperature is unreadable, implausible or stale
        # TYPE pitune_thermal_sensor_fault gauge
        pitune_thermal_sensor_fault
        # HELP pitune_thermal_throttle_episodes_total Throttling episodes since start
        # TYPE pitune_thermal_throttle_episodes_total counter
        pitune_thermal_throttle_episodes_total
        # HELP pitune_fan_duty_percent Fan PWM duty
        # TYPE pitune_fan_duty_percent gauge
        pitune_fan_duty_percent
        # HELP pitune_fan_speed Fan tachometer
        # TYPE pitune_fan_speed gauge
        pitune_fan_speed
        # HELP pitune_fan_failed 1 when the fan is driven but its tachometer reads 0
        # TYPE pitune_fan_failed gauge
        pitune_fan_failed
        # HELP pitune_fan_controlled 1 when PiTune drives the fan
        # TYPE pitune_fan_controlled gauge
        pitune_fan_controlled
        # HELP pitune_power_under_voltage 1 while the supply is under-voltage (hwmon in1_lcrit_alarm)
        # TYPE pitune_power_under_voltage gauge
        pitune_power_under_voltage
        # HELP pitune_firmware_throttled The firmware's get_throttled bit field, as vcgencmd prints it
        # TYPE pitune_firmware_throttled gauge
        pitune_firmware_throttled
        # HELP pitune_firmware_throttle get_throttled decoded: 1 when the flag is set, now or since boot
        # TYPE pitune_firmware_throttle gauge
        pitune_firmware_throttle{flag="under_voltage",when="now"}
        pitune_firmware_throttle{flag="arm_frequency_capped",when="now"}
        pitune_firmware_throttle{flag="throttled",when="now"}
        pitune_firmware_throttle{flag="soft_temperature_limit",when="now"}
        pitune_firmware_throttle{flag="under_voltage",when="since_boot"}
        pitune_firmware_throttle{flag="arm_frequency_capped",when="since_boot"}
        pitune_firmware_throttle{flag="throttled",when="since_boot"}
        pitune_firmware_throttle{flag="soft_temperature_limit",when="since_boot"}
        # HELP pitune_accelerator_busy_percent Share of the last tick a model session was running
        # TYPE pitune_accelerator_busy_percent gauge
        pitune_accelerator_busy_percent
        # HELP pitune_accelerator_queue_depth Requests queued at the tick
        # TYPE pitune_accelerator_queue_depth gauge
        pitune_accelerator_queue_depth
        # HELP pitune_accelerator_request_rate_per_second Requests per second over the last tick
        # TYPE pitune_accelerator_request_rate_per_second gauge
        pitune_accelerator_request_rate_per_second
        # HELP pitune_accelerator_latency_milliseconds Request latency percentiles over the last tick
        # TYPE pitune_accelerator_latency_milliseconds gauge
        pitune_accelerator_latency_milliseconds{quantile="0.5"}
        pitune_accelerator_latency_milliseconds{quantile="0.95"}
        pitune_accelerator_latency_milliseconds{quantile="0.99"}
        # HELP pitune_pool_budget_bytes The buffer pool's budget
        # TYPE pitune_pool_budget_bytes gauge
        pitune_pool_budget_bytes
        # HELP pitune_pool_hits_total Rents served from a free buffer
        # TYPE pitune_pool_hits_total counter
        pitune_pool_hits_total
        # HELP pitune_pool_misses_total Rents that allocated
        # TYPE pitune_pool_misses_total counter
        pitune_pool_misses_total
        # HELP pitune_pool_evictions_total Free buffers dropped to stay under the budget
        # TYPE pitune_pool_evictions_total counter
        pitune_pool_evictions_total
        """;

    /// <summary>The same without the temperature's series: the only reading missing from the second scrape.</summary>
    private static string ExpectedSecond => string.Join('\n', ExpectedFirst.ReplaceLineEndings("\n").Split('\n')
        .Where(line => line != "pitune_thermal_temperature_celsius"));
}
