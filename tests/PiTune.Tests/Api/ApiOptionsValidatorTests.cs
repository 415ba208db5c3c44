using PiTune.Api;

namespace PiTune.Tests.Api;

/// <summary>The request-body limits the validator holds together.</summary>
public sealed class ApiOptionsValidatorTests
{
    [Theory]
    [InlineData(64, 128, null)]
    [InlineData(64, 64, null)]
    [InlineData(256, 128, "Api:RequestBodyBudgetMB must be from Api:MaxRequestBodyMB (256) to 65535, was 128")]
    [InlineData(64, 65536, "Api:RequestBodyBudgetMB must be from Api:MaxRequestBodyMB (64) to 65535, was 65536")]
    public void The_body_budget_holds_at_least_one_body_of_the_largest_size(int maxBodyMB, int budgetMB, string? expected)
    {
        var options = new ApiOptions { MaxRequestBodyMB = maxBodyMB, RequestBodyBudgetMB = budgetMB };

        Microsoft.Extensions.Options.ValidateOptionsResult result = new ApiOptionsValidator().Validate(null, options);

        Assert.Equal(expected, result.Failed ? result.FailureMessage : null);
    }

    [Theory]
    [InlineData(16, 64L << 20, 256L << 20, null)]
    [InlineData(0, 64L << 20, 256L << 20, "Api:SharedMemory:MaxRegions must be from 1 to 4096, was 0")]
    [InlineData(16, 0L, 256L << 20, "Api:SharedMemory:MaxRegionBytes must be 1 or more (bytes), was 0")]
    [InlineData(16, 64L << 20, -1L, "Api:SharedMemory:MaxTotalBytes must be 1 or more (bytes), was -1")]
    public void Shared_memory_limits_are_named_when_out_of_range(int regions, long regionBytes, long totalBytes, string? expected)
    {
        var options = new ApiOptions { SharedMemory = new PiTune.Api.SharedMemory.SharedMemoryOptions { MaxRegions = regions, MaxRegionBytes = regionBytes, MaxTotalBytes = totalBytes } };

        Microsoft.Extensions.Options.ValidateOptionsResult result = new ApiOptionsValidator().Validate(null, options);

        Assert.Equal(expected, result.Failed ? result.FailureMessage : null);
    }
}
