// @ts-check
// Folds the write-ahead logs of Deno's cache databases into the databases (a trusted build
// step: it may read and write one directory, the code cache being built). The copies each
// new process starts from shrink from about 3.4 MB to 1.4 MB.
import { DatabaseSync } from "node:sqlite";

const [directory, ...names] = Deno.args;
for (const name of names) {
  const database = new DatabaseSync(`${directory}/${name}`);
  database.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  database.close();
}
