namespace Automations.Host.Dashboard;

/// <summary>
/// The question panel's and the composer's form: free text (<c>message</c>), and for questions with choices,
/// per question <c>q{i}.name</c>, the chosen <c>q{i}.choice</c> and an <c>q{i}.other</c> line. Together they
/// make the one message the agent gets: a line <c>name: answer</c> per answered question, then the free text.
/// The question panel's form also names the question it answers (<c>question</c>, its sequence number).
/// </summary>
public sealed class AnswerForm
{
    public string? Message { get; init; }

    /// <summary>The sequence number of the question answered; null for a follow-up, or when it is not a number (<see cref="Malformed"/>).</summary>
    public long? Question { get; init; }

    /// <summary>The form named a question that is not a sequence number.</summary>
    public bool Malformed { get; init; }

    public IReadOnlyList<QuestionAnswer> Answers { get; init; } = [];

    /// <summary>The form as posted; a question's fields past <see cref="Core.Sessions.StructuredQuestions.MaxQuestions"/> are not read.</summary>
    public static AnswerForm Read(IFormCollection form)
    {
        var answers = new List<QuestionAnswer>();
        for (var i = 0; i < Core.Sessions.StructuredQuestions.MaxQuestions && form.TryGetValue($"q{i}.name", out var name); i++)
        {
            answers.Add(new QuestionAnswer(name.ToString(), [.. form[$"q{i}.choice"].OfType<string>()], form[$"q{i}.other"].ToString()));
        }

        var question = form["question"].ToString();
        var seq = long.TryParse(question, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var q) ? q : (long?)null;
        return new AnswerForm { Message = form["message"].ToString(), Answers = answers, Question = seq, Malformed = question.Length > 0 && seq is null };
    }

    /// <summary>The message; null when nothing was answered or written.</summary>
    public string? Text()
    {
        var lines = Answers.Select(a => a.Line()).OfType<string>().Append(Message?.Trim() ?? string.Empty).Where(l => l.Length > 0).ToList();
        return lines.Count == 0 ? null : string.Join('\n', lines);
    }

    /// <summary>One question's answer: the choices picked and an "other" answer.</summary>
    public sealed record QuestionAnswer(string Name, IReadOnlyList<string> Choices, string? Other)
    {
        /// <summary><c>name: choice, choice, other</c>; null when none was given.</summary>
        public string? Line()
        {
            var parts = Choices.Append(Other ?? string.Empty).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
            return parts.Count == 0 ? null : $"{Name.Trim()}: {string.Join(", ", parts)}";
        }
    }
}
