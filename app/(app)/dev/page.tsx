import { redirect } from "next/navigation";

export default function DevIndexPage() {
  redirect("/dev/outbox");
}
