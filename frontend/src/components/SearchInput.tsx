import { TextInput, type TextInputProps } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { useEffect, useState } from "react";

type Props = Omit<TextInputProps, "value" | "onChange"> & {
  /** The committed value (from the URL). */
  value: string | undefined;
  /** Called, debounced, with the trimmed text (undefined when empty). */
  onCommit: (value: string | undefined) => void;
};

/** A search box whose value lives in the URL: it commits after a pause in typing. */
export function SearchInput({ value, onCommit, ...props }: Props) {
  const [text, setText] = useState(value ?? "");
  // Follow the URL (back/forward, cleared filters) without undoing what is being typed.
  useEffect(() => setText((current) => (current.trim() === (value ?? "") ? current : (value ?? ""))), [value]);
  const commit = useDebouncedCallback((next: string) => onCommit(next.trim() || undefined), 300);
  return (
    <TextInput
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      {...props}
    />
  );
}
