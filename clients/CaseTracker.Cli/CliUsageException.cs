namespace CaseTracker.Cli;

/// <summary>A mistake in how the command was called.</summary>
public sealed class CliUsageException(string message) : Exception(message);
