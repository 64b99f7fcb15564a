// `npm run admin -- <command>`: user administration for a deployment without demo data.
//   create-admin <username> [--name "Display Name"]   the password is read from stdin (or prompted)
//   set-role <username> <shopper|courier|owner|admin>
//   disable <username>        signs the user out everywhere within a minute (docs/security.md)
//   enable <username>
import { createInterface } from "node:readline";
import { z } from "zod";
import { createDatabase } from "@/server/store/db";
import { migrateToLatest } from "@/server/store/migrate";
import { createUser, findUserByUsername, setUserDisabled, setUserRole } from "@/server/store/repositories/users.repository";
import type { UserRole } from "@/server/store/tables/users.table";

const ROLES = ["shopper", "courier", "owner", "admin"] as const satisfies readonly UserRole[];
const MIN_PASSWORD_LENGTH = 12;
const USAGE = `usage: npm run admin -- create-admin <username> [--name "Display Name"]   (password on stdin)
       npm run admin -- set-role <username> <${ROLES.join("|")}>
       npm run admin -- disable <username>
       npm run admin -- enable <username>`;

const username = z.string().trim().regex(/^[A-Za-z0-9_.-]{2,64}$/, "2-64 letters, digits, _ . -");

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** The first line of stdin; on a terminal, a prompt that does not echo. */
async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    process.stdout.write("Password: ");
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  }
  const line = await new Promise<string>((resolve) => {
    rl.once("line", resolve);
    rl.once("close", () => resolve(""));
  });
  rl.close();
  if (process.stdin.isTTY) process.stdout.write("\n");
  return line;
}

const [command, name, ...rest] = process.argv.slice(2);
if (!command || !name) fail(USAGE);
const parsedName = username.safeParse(name);
if (!parsedName.success) fail(`invalid username: ${parsedName.error.issues[0]?.message}`);

const store = createDatabase();
try {
  await migrateToLatest(store.db);
  const { db } = store;
  const user = await findUserByUsername(db, parsedName.data);
  switch (command) {
    case "create-admin": {
      if (user) fail(`${name} exists already; use set-role ${name} admin`);
      const nameFlag = rest.indexOf("--name");
      const displayName = nameFlag >= 0 ? rest[nameFlag + 1] : parsedName.data;
      if (!displayName) fail(USAGE);
      const password = await readPassword();
      if (password.length < MIN_PASSWORD_LENGTH) fail(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
      const created = await createUser(db, { username: parsedName.data, displayName, password, role: "admin" });
      console.log(`created admin ${created.username} (${created.id})`);
      break;
    }
    case "set-role": {
      const role = z.enum(ROLES).safeParse(rest[0]);
      if (!role.success) fail(USAGE);
      if (!user) fail(`no user ${name}`);
      await setUserRole(db, user.id, role.data);
      console.log(`${user.username} is now ${role.data}`);
      break;
    }
    case "disable":
    case "enable": {
      if (!user) fail(`no user ${name}`);
      await setUserDisabled(db, user.id, command === "disable");
      console.log(`${user.username} is ${command}d`);
      break;
    }
    default:
      fail(USAGE);
  }
} finally {
  await store.close();
}
