export type StageOption = { id: number; name: string; group: string | null };

/** Groups stages under their Tracker category, keeping Tracker's order. */
export function groupStages(stages: StageOption[]) {
  const groups = new Map<string, StageOption[]>();
  for (const stage of stages) {
    const group = stage.group ?? "Ungrouped";
    const list = groups.get(group) ?? [];
    list.push(stage);
    groups.set(group, list);
  }
  return [...groups.entries()];
}

/** <option>s for a native select, one <optgroup> per category. */
export function StageOptions({ stages }: { stages: StageOption[] }) {
  return (
    <>
      {groupStages(stages).map(([group, members]) => (
        <optgroup key={group} label={group}>
          {members.map((stage) => (
            <option key={stage.id} value={String(stage.id)}>
              {stage.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
