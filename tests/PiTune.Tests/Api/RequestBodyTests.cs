using Microsoft.AspNetCore.Http;
using PiTune.Api;

namespace PiTune.Tests.Api;

/// <summary>The request body's memory: the shared budget, the mapping it is read into, and how Kestrel's refusals are answered.</summary>
public sealed class RequestBodyTests
{
    private const int MiB = 1024 * 1024;

    [Theory]
    [InlineData(408, 240.0, 408, "the request body arrived slower than 240 bytes/s")]
    [InlineData(408, null, 408, "the request body arrived too slowly")]
    [InlineData(413, 240.0, 413, "the request body is larger than Api:MaxRequestBodyMB (64 MiB)")]
    [InlineData(400, 240.0, 400, "bad request body: Unexpected end of request content.")]
    public void Kestrel_refusals_of_a_body_become_the_clients_status_and_words(int kestrelStatus, double? rate, int status, string reason)
    {
        var refusal = new BadHttpRequestException(kestrelStatus == 400 ? "Unexpected end of request content." : "anything", kestrelStatus);

        Assert.Equal((status, reason), RequestBody.Describe(refusal, rate, 64 * MiB));
    }

    [Fact]
    public void The_budget_refuses_what_does_not_fit_and_remembers_its_peak()
    {
        var budget = new BodyBudget(2 * MiB);

        Assert.True(budget.TryReserve(MiB));
        Assert.True(budget.TryReserve(MiB));
        Assert.False(budget.TryReserve(1));
        budget.Release(MiB);
        Assert.True(budget.TryReserve(1));

        Assert.Equal(MiB + 1, budget.BytesInFlight);
        Assert.Equal(2 * MiB, budget.PeakBytes);
        Assert.Throws<InvalidOperationException>(() => budget.Release(2 * MiB));
    }

    [Fact]
    public void A_body_buffer_charges_whole_pages_as_it_commits_and_gives_all_back()
    {
        var budget = new BodyBudget(MiB);
        int page = Environment.SystemPageSize;
        using (RequestBodyBuffer body = RequestBodyBuffer.Create(budget, 3 * page))
        {
            Assert.Equal(0, budget.BytesInFlight); // address space only, until committed

            Assert.True(body.TryCommit(1));
            Assert.Equal(page, budget.BytesInFlight);
            Assert.Equal(page, body.Append(new byte[page + 10])); // only what is committed is taken
            Assert.True(body.TryCommit(100 * page)); // never past the capacity
            Assert.Equal(3 * page, budget.BytesInFlight);
            Assert.Equal(2 * page, body.Append(new byte[5 * page]));
            Assert.Equal(3 * page, body.Span.Length);
        }

        Assert.Equal(0, budget.BytesInFlight);
    }

    [Fact]
    public void A_body_buffer_cannot_commit_past_the_budget()
    {
        int page = Environment.SystemPageSize;
        var budget = new BodyBudget(2 * page);
        using RequestBodyBuffer first = RequestBodyBuffer.Create(budget, 2 * page);
        using RequestBodyBuffer second = RequestBodyBuffer.Create(budget, 2 * page);

        Assert.True(first.TryCommit(2 * page));
        Assert.False(second.TryCommit(1));
        first.Dispose();
        Assert.True(second.TryCommit(1));
        Assert.Equal(page, budget.BytesInFlight);
    }
}
