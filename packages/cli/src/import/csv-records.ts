// The CSV reader lives in the domain so the server's statement import reads files the same way.
export { parseCsv, type CsvRecord } from '@atscale/domain';
