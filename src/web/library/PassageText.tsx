import { Anchor, Box, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { PassagePart } from './types';

type PassageTextProps = { body: string; parts: PassagePart[] };

const MARKER = /^(\d{1,3}\.|[a-zđ]\))(\s.*)$/u;

/** One line; the number of a clause or the letter of a point links to its permalink. */
function Line({ text, part }: { text: string; part?: PassagePart }) {
  const marker = part ? MARKER.exec(text) : null;
  return (
    <Text size="sm" my={4}>
      {part && marker ? (
        <>
          <Anchor
            c="blue.9"
            component={Link}
            to={part.permalink}
            aria-label={`Liên kết ${part.citation}`}
          >
            {marker[1]}
          </Anchor>
          {marker[2]}
        </>
      ) : (
        text
      )}
    </Text>
  );
}

/** The lines [from, to) with the given parts (and the parts inside them) as blocks with ids. */
function Lines({
  lines,
  from,
  to,
  parts,
  all,
}: {
  lines: string[];
  from: number;
  to: number;
  parts: PassagePart[];
  all: PassagePart[];
}) {
  const out: React.ReactNode[] = [];
  let i = from;
  for (const part of parts) {
    for (; i < part.from; i += 1) out.push(<Line key={i} text={lines[i]!} />);
    const inner = all.filter((p) => p.anchor.startsWith(`${part.anchor}-`));
    out.push(
      <Box
        key={part.anchor}
        id={part.anchor}
        pl={part.kind === 'point' ? 'md' : 0}
        style={{ scrollMarginTop: 72, borderRadius: 4 }}
      >
        <Line text={lines[part.from]!} part={part} />
        <Lines lines={lines} from={part.from + 1} to={part.to} parts={inner} all={all} />
      </Box>,
    );
    i = part.to;
  }
  for (; i < to; i += 1) out.push(<Line key={i} text={lines[i]!} />);
  return <>{out}</>;
}

/** The body of an article: clauses and points as blocks that can be linked to and highlighted. */
export function PassageText({ body, parts }: PassageTextProps) {
  const lines = body.split('\n');
  // Top-level blocks: clauses, and points that stand directly in the article.
  const top = parts.filter((p) => !parts.some((q) => p.anchor.startsWith(`${q.anchor}-`)));
  return <Lines lines={lines} from={0} to={lines.length} parts={top} all={parts} />;
}
