import Link from "next/link";

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        No such run here. <Link href="/">Back to the runs</Link>
      </p>
    </>
  );
}
