import { start } from './bootstrap';

const { app, ctx } = await start().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

await app.listen({ port: ctx.config.port, host: ctx.config.host });
ctx.log.info(
  `Mặt trận số đang chạy tại http://localhost:${ctx.config.port} (cơ sở dữ liệu: ${ctx.database.engine})`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
