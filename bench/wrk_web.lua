-- Requests for wrk (a C load generator, Debian package `wrk`) against `aiwork-kg serve`:
-- a rotation over resource pages (WRK_MODE=pages, the default) or over library queries from the
-- query page (WRK_MODE=queries). Usage (docs/performance.md, "Pages and library queries under wrk"):
--   aiwork-kg serve --port 8765 > access.log &
--   WRK_MODE=pages wrk -t2 -c100 -d20s --latency -s bench/wrk_web.lua http://127.0.0.1:8765
--   WRK_MODE=queries wrk -t2 -c100 -d20s --latency -s bench/wrk_web.lua http://127.0.0.1:8765
paths = {
 "/provision/eu/reg/2024/1689/art_5/par_1/pnt_f",
 "/provision/eu/reg/2024/1689/art_5/par_1/pnt_f?lang=da",
 "/provision/eu/reg/2024/1689/art_5/par_1/pnt_f.ttl",
 "/provision/eu/reg/2024/1689/rct_44?lang=nl",
 "/doc/dk-leaflet-emotion-recognition-ban/condition_2",
 "/doc/nl-ap-dca-2024-02/sec_IV/para_25.jsonld",
 "/provision/dk/bek/2025/arbejdstilsynet-ai/par_3",
 "/agent/arbejdstilsynet",
}
qpaths = {
 "/query?name=applies-on-date&date=2025-07-01&run=1",
 "/query?name=units-discussing-art5-1-f&run=1",
 "/query?name=disagreements&run=1",
 "/query?name=provision-side-by-side&run=1&format=csv",
}
mode = os.getenv("WRK_MODE") or "pages"
i = 0
request = function()
  i = i + 1
  local list = paths
  if mode == "queries" then list = qpaths end
  return wrk.format("GET", list[(i % #list) + 1], {["Accept"] = "text/html"})
end
