import { type Node, parse } from "acorn";

interface Declarator {
  id: Node;
  init: Node | null;
}

interface Statement extends Node {
  kind?: "var" | "let" | "const";
  declarations?: Declarator[];
  id?: (Node & { name: string }) | null;
  expression?: Node;
  directive?: string;
}

/**
 * Rewrites one REPL cell of JavaScript into a script whose completion value is a Promise of
 * the cell's last expression value, with REPL semantics:
 *
 * - top-level `let` / `const` / `var`, functions and classes become globals, so they
 *   persist into later cells (and may be declared again, as in Node's REPL);
 * - top-level `await` works;
 * - the value of a final bare expression is returned.
 *
 * The script must run in sloppy mode at global scope (indirect `eval` or `vm.Script`).
 * Throws a `SyntaxError` naming line and column when the cell does not parse.
 */
export function transformJavaScriptCell(source: string): string {
  let program: Node & { body: Statement[] };
  try {
    program = parse(source, {
      ecmaVersion: "latest",
      sourceType: "script",
      allowAwaitOutsideFunction: true,
      allowHashBang: true,
    }) as Node & { body: Statement[] };
  } catch (error) {
    throw new SyntaxError(error instanceof Error ? error.message : String(error));
  }

  const text = (node: Node) => source.slice(node.start, node.end);
  const hoisted: string[] = [];
  const statements: string[] = [];
  const last = program.body.at(-1);

  for (const statement of program.body) {
    switch (statement.type) {
      case "VariableDeclaration":
        for (const declarator of statement.declarations ?? []) {
          if (declarator.init) {
            statements.push(`(${text(declarator.id)} = ${text(declarator.init)});`);
          } else if (statement.kind !== "var") {
            statements.push(`(${text(declarator.id)} = undefined);`);
          }
        }
        break;
      case "FunctionDeclaration":
        hoisted.push(`${statement.id?.name} = ${text(statement)};`);
        break;
      case "ClassDeclaration":
        statements.push(`${statement.id?.name} = ${text(statement)};`);
        break;
      case "ExpressionStatement":
        if (statement === last && statement.directive === undefined && statement.expression) {
          statements.push(`return (${text(statement.expression)});`);
        } else {
          statements.push(`${text(statement)};`);
        }
        break;
      default:
        statements.push(`${text(statement)};`);
    }
  }

  return `(async () => {\n${[...hoisted, ...statements].join("\n")}\n})()`;
}
