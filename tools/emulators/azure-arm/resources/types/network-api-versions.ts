/** The Microsoft.Network api-versions the emulator accepts (a recent subset of Azure's). */
export const NETWORK_API_VERSIONS: readonly string[] = [
  '2022-07-01',
  '2022-09-01',
  '2022-11-01',
  '2023-02-01',
  '2023-04-01',
  '2023-05-01',
  '2023-06-01',
  '2023-09-01',
  '2023-11-01',
  '2024-01-01',
  '2024-03-01',
  '2024-05-01',
  '2024-07-01',
];
