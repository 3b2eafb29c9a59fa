import { Badge, Table } from '@mantine/core';
import type { ImportProblem } from './bulk';

type Props = { problems: ImportProblem[] };

/** Every problem of a dry run, by row then column, with its severity spelled out. */
export function ImportProblemsTable({ problems }: Props) {
  return (
    <Table striped withTableBorder aria-label="Các vấn đề theo dòng">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Dòng</Table.Th>
          <Table.Th scope="col">Cột</Table.Th>
          <Table.Th scope="col">Mức</Table.Th>
          <Table.Th scope="col">Vấn đề</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {problems.map((p, i) => (
          <Table.Tr key={`${p.rowNumber ?? 0}-${p.column ?? ''}-${i}`}>
            <Table.Td>{p.rowNumber ?? 'Cả tệp'}</Table.Td>
            <Table.Td>{p.columnLabel ?? '—'}</Table.Td>
            <Table.Td>
              <Badge color={p.severity === 'error' ? 'red.9' : 'violet.9'} variant="outline">
                {p.severity === 'error' ? 'Lỗi' : 'Lưu ý'}
              </Badge>
            </Table.Td>
            <Table.Td>{p.message}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
