namespace Automations.Core.Actors;

/// <summary>The forms an entry of <c>actors:</c> takes.</summary>
public enum ActorRuleKind
{
    /// <summary>A GitHub login, a Slack user or bot id, or a Linear or Sentry user's name, email or id.</summary>
    User,

    /// <summary><c>association:NAME</c>: a GitHub author_association.</summary>
    Association,

    /// <summary><c>team:KEY</c>: a Linear team key or id, or a Slack workspace (team) id.</summary>
    Team,

    /// <summary><c>bots</c>: every bot.</summary>
    Bots,

    /// <summary><c>anyone</c>: every human; bots still need naming or <c>bots</c>.</summary>
    Anyone,

    /// <summary><c>default</c>: whatever the default policy allows, so a list can widen it rather than replace it.</summary>
    Default,
}
