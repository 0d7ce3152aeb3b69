# reflect's training room, as JupyterHub loads it. Start it with `reflect hub`, which sets the
# room's settings in the environment; everything else is in reflect.hub.configure().
from reflect.hub import RoomConfig, configure

configure(get_config(), RoomConfig.from_env())  # type: ignore[name-defined]  # noqa: F821
