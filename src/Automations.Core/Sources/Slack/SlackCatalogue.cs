namespace Automations.Core.Sources.Slack;

/// <summary>
/// Slack's Events API event types (<c>event.type</c> of an <c>event_callback</c>), from Slack's "Event types"
/// reference. A message comes as <c>message</c> whatever its subscription (<c>message.channels</c>,
/// <c>message.im</c>, ...): <see cref="Subscriptions"/> lists those names so that a trigger naming one is told so.
/// </summary>
public static class SlackCatalogue
{
    /// <summary>Subscription names of message events, which arrive as <c>message</c>.</summary>
    public static IReadOnlyList<string> Subscriptions { get; } =
        ["message.app_home", "message.channels", "message.groups", "message.im", "message.mpim"];

    public static EventCatalogue EventTypes { get; } = new("slack", "Slack", "event type",
        """
        app_context_changed app_deleted app_home_opened app_installed app_mention app_rate_limited app_requested
        app_uninstalled app_uninstalled_team assistant_thread_context_changed assistant_thread_started call_rejected
        channel_archive channel_created channel_deleted channel_history_changed channel_id_changed channel_left
        channel_posting_permissions channel_rename channel_shared channel_unarchive channel_unshared dnd_updated
        dnd_updated_user email_domain_changed emoji_changed entity_details_requested file_change file_comment_deleted
        file_created file_deleted file_public file_shared file_unshared function_executed grid_migration_finished
        grid_migration_started group_archive group_close group_deleted group_history_changed group_left group_open
        group_rename group_unarchive im_close im_created im_history_changed im_open invite_requested link_shared
        member_joined_channel member_left_channel message message_metadata_deleted message_metadata_posted
        message_metadata_updated pin_added pin_removed reaction_added reaction_removed scope_denied scope_granted
        shared_channel_invite_accepted shared_channel_invite_approved shared_channel_invite_declined
        shared_channel_invite_received shared_channel_invite_requested star_added star_removed subteam_created
        subteam_members_changed subteam_self_added subteam_self_removed subteam_updated team_access_granted
        team_access_revoked team_domain_change team_join team_rename tokens_revoked user_change user_huddle_changed
        user_profile_changed user_status_changed workflow_deleted workflow_published workflow_step_deleted
        workflow_step_execute workflow_unpublished
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(name => EventCatalogueEntry.Of(name)));
}
