"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";

/** The workspace's members as <option>s (value: user id), for owner and assignee pickers. */
export function MemberOptions() {
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions());
  return (
    <>
      {(members.data ?? []).map((m) => (
        <option key={m.userId} value={m.userId}>
          {m.name || m.email}
        </option>
      ))}
    </>
  );
}
