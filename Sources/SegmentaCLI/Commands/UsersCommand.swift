import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaWorkflows

/// `segmenta users`: the team members who sign in to the server.
struct UsersCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "users", abstract: "Add, list and disable the users of the server; issue API tokens.",
    subcommands: [Add.self, List.self, Disable.self, Enable.self, Token.self])

  /// `segmenta users add NAME --role ROLE`.
  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Add a user with a role; the password is read from standard input (asked for on a terminal).",
      discussion: """
        Roles: admin (everything, users, revealing contacts), analyst (data, features, segments, tags, \
        products), campaign (campaigns: create, select, export masked, responses), frontline (looks up one \
        customer), viewer (reads dashboards, personal data masked). Passwords have at least 10 characters \
        and are stored as bcrypt hashes. Example: printf '%s' "$PASSWORD" | segmenta users add ada --role admin
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The sign-in name (letters, digits, '.', '_', '-').")
    var name: String

    @Option(help: "admin, analyst, campaign, frontline or viewer.")
    var role: Role

    func run() async throws {
      let password = try Self.readPassword()
      let output = try AddUserWorkflow(name: name, role: role, password: password).run(global.context())
      if global.json { return try Console.json(output) }
      Console.out("Added \(output.user.name) as \(output.user.role.rawValue); they can sign in to `segmenta serve`.")
    }

    /// The password: typed without echo on a terminal (twice), otherwise the first line of standard input.
    static func readPassword() throws -> String {
      if isatty(STDIN_FILENO) != 0 {
        guard let first = getpass("Password (10 characters or more): ").map({ String(cString: $0) }),
          let second = getpass("Password again: ").map({ String(cString: $0) })
        else { throw ValidationError("no password was typed") }
        guard first == second else { throw ValidationError("the two passwords differ") }
        return first
      }
      let data = FileHandle.standardInput.readDataToEndOfFile()
      guard let text = String(data: data, encoding: .utf8) else {
        throw ValidationError("the password on standard input is not UTF-8 text")
      }
      let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let password = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
      guard !password.isEmpty else { throw ValidationError("give the password on standard input") }
      return password
    }
  }

  /// `segmenta users list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
      let users = try ListUsersWorkflow().run(global.context())
      if global.json { return try Console.json(users) }
      if !users.isEmpty {
        Console.out(
          Format.table(
            ["user", "role", "state", "API tokens", "added"],
            users.map {
              [$0.name, $0.role.rawValue, $0.disabled ? "disabled" : "active", String($0.tokens), $0.createdAt]
            }
          ))
      }
      let active = users.filter { !$0.disabled }.count
      Console.out("\(users.count) user\(users.count == 1 ? "" : "s"), \(active) active.")
    }
  }

  /// `segmenta users disable NAME`.
  struct Disable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "disable",
      abstract: "Disable a user: they cannot sign in and their sessions and tokens stop working.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The user.")
    var name: String

    func run() async throws {
      let output = try SetUserDisabledWorkflow(name: name, disabled: true).run(global.context())
      if global.json { return try Console.json(output) }
      Console.out("Disabled \(name).")
    }
  }

  /// `segmenta users enable NAME`.
  struct Enable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled user again.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The user.")
    var name: String

    func run() async throws {
      let output = try SetUserDisabledWorkflow(name: name, disabled: false).run(global.context())
      if global.json { return try Console.json(output) }
      Console.out("Enabled \(name).")
    }
  }

  /// `segmenta users token NAME`.
  struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "token",
      abstract: "Issue an API token for `Authorization: Bearer` (shown once; stored hashed).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The user the token acts as.")
    var name: String

    func run() async throws {
      let output = try IssueTokenWorkflow(name: name).run(global.context())
      if global.json { return try Console.json(output) }
      Console.out(output.token)
      Console.note("Issued an API token for \(name); it is shown once: keep it as you would a password.")
    }
  }
}

extension Role: ExpressibleByArgument {}
