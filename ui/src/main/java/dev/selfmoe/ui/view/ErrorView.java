package dev.selfmoe.ui.view;

/** What went wrong with a request, in one line, and its HTTP status. */
public record ErrorView(int status, String title, String message) {}
