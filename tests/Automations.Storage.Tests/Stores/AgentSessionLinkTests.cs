using Automations.Storage.Sql;

namespace Automations.Storage.Tests.Stores;

/// <summary>
/// A provider's agent session and the engine's session behind it, across instances. (One of two answers to a
/// question wins by the store's <c>AnswerAsync</c>, tested with the session surfaces.) Run on every store.
/// </summary>
public abstract class AgentSessionLinkTests(IStoreProvider provider)
{
    [StoreFact]
    public async Task ClaimAcknowledgementAsync_TwoInstances_OneClaims_UntilItIsReleased()
    {
        await using var first = await provider.OpenAsync();
        await using var second = await provider.OpenAnotherAsync(first);
        var mine = new SqlAgentSessionLinks(first.Database, first.Time);
        var theirs = new SqlAgentSessionLinks(second.Database, second.Time);

        var claims = await Task.WhenAll(
            mine.ClaimAcknowledgementAsync("linear", "agent-1", CancellationToken.None),
            theirs.ClaimAcknowledgementAsync("linear", "agent-1", CancellationToken.None));
        var again = await theirs.ClaimAcknowledgementAsync("linear", "agent-1", CancellationToken.None);
        await mine.ReleaseAsync("linear", "agent-1", CancellationToken.None);
        var afterRelease = await theirs.ClaimAcknowledgementAsync("linear", "agent-1", CancellationToken.None);

        Assert.Single(claims, c => c);
        Assert.False(again);
        Assert.True(afterRelease);
        Assert.True(await mine.ClaimAcknowledgementAsync("github", "agent-1", CancellationToken.None));
    }

    [StoreFact]
    public async Task LinkAsync_AfterAClaim_KeepsTheClaim_AndFindsBothWays()
    {
        await using var store = await provider.OpenAsync();
        var links = new SqlAgentSessionLinks(store.Database, store.Time);

        await links.ClaimAcknowledgementAsync("linear", "agent-2", CancellationToken.None);
        await links.LinkAsync("linear", "agent-2", "s-2", CancellationToken.None);
        await links.LinkAsync("linear", "agent-2", "s-2", CancellationToken.None);

        Assert.Equal("s-2", await links.FindSessionAsync("linear", "agent-2", CancellationToken.None));
        Assert.Equal("agent-2", await links.FindExternalAsync("linear", "s-2", CancellationToken.None));
        Assert.Null(await links.FindExternalAsync("linear", "s-3", CancellationToken.None));
        Assert.False(await links.ClaimAcknowledgementAsync("linear", "agent-2", CancellationToken.None));
    }

    [StoreFact]
    public async Task NoteDeliveryAsync_OnOneInstance_IsFoundOnAnother_TheFirstStays_AndClaimAndLinkKeepIt()
    {
        await using var first = await provider.OpenAsync();
        await using var second = await provider.OpenAnotherAsync(first);
        var mine = new SqlAgentSessionLinks(first.Database, first.Time);
        var theirs = new SqlAgentSessionLinks(second.Database, second.Time);

        Assert.Null(await theirs.FindDeliveryAsync("linear", "agent-3", CancellationToken.None));
        await mine.NoteDeliveryAsync("linear", "agent-3", "lin-created-1", CancellationToken.None);
        await mine.NoteDeliveryAsync("linear", "agent-3", "lin-created-2", CancellationToken.None);
        await mine.ClaimAcknowledgementAsync("linear", "agent-3", CancellationToken.None);
        await mine.LinkAsync("linear", "agent-3", "s-3", CancellationToken.None);

        Assert.Equal("lin-created-1", await theirs.FindDeliveryAsync("linear", "agent-3", CancellationToken.None));
        Assert.Equal("s-3", await theirs.FindSessionAsync("linear", "agent-3", CancellationToken.None));
        Assert.False(await theirs.ClaimAcknowledgementAsync("linear", "agent-3", CancellationToken.None));

        // Claimed first, then noted: the claim stays too.
        await theirs.ClaimAcknowledgementAsync("linear", "agent-4", CancellationToken.None);
        await theirs.NoteDeliveryAsync("linear", "agent-4", "lin-created-4", CancellationToken.None);
        Assert.Equal("lin-created-4", await mine.FindDeliveryAsync("linear", "agent-4", CancellationToken.None));
        Assert.False(await mine.ClaimAcknowledgementAsync("linear", "agent-4", CancellationToken.None));
    }

    [StoreFact]
    public async Task LinkedSinceAsync_AnswersTheLinkedOnesMadeSince_NewestFirst_UpToTheLimit_NoneMadeBeforeLastWordsWereNoted()
    {
        await using var store = await provider.OpenAsync();
        var links = new SqlAgentSessionLinks(store.Database, store.Time);
        await links.LinkAsync("linear", "agent-old", "s-old", CancellationToken.None);
        store.Time.Advance(TimeSpan.FromHours(2));
        var since = store.Time.GetUtcNow();
        await links.LinkAsync("linear", "agent-a", "s-a", CancellationToken.None);
        await links.LinkAsync("linear", "agent-before", "s-before", CancellationToken.None);
        await store.Database.WriteOnceAsync(
            async (connection, transaction) =>
            {
                // As a row made before the store noted last words (schema 023) is.
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "UPDATE agent_session_links SET last_words = NULL WHERE external_id = 'agent-before'";
                return await command.ExecuteNonQueryAsync();
            },
            CancellationToken.None);
        await links.ClaimAcknowledgementAsync("linear", "agent-unlinked", CancellationToken.None);
        await links.LinkAsync("github", "agent-other", "s-other", CancellationToken.None);
        store.Time.Advance(TimeSpan.FromMinutes(1));
        await links.LinkAsync("linear", "agent-b", "s-b", CancellationToken.None);
        store.Time.Advance(TimeSpan.FromMinutes(1));
        await links.LinkAsync("linear", "agent-c", "s-c", CancellationToken.None);

        var all = await links.LinkedSinceAsync("linear", since, 10, CancellationToken.None);
        var two = await links.LinkedSinceAsync("linear", since, 2, CancellationToken.None);

        Assert.Equal([("agent-c", "s-c"), ("agent-b", "s-b"), ("agent-a", "s-a")], all);
        Assert.Equal([("agent-c", "s-c"), ("agent-b", "s-b")], two);
    }
}
