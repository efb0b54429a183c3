package dev.selfmoe.cli;

/** Input the user must fix; its message is printed as the whole error. */
public class UserInputException extends RuntimeException {
  public UserInputException(String message) {
    super(message);
  }
}
