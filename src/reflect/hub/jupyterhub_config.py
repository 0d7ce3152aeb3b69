"""reflect's training room, as JupyterHub loads it (`jupyterhub -f` this file). Start it with
`reflect hub`, which puts the room's settings in the environment; everything else is in
reflect.hub.configure(). Imported as a module (not by JupyterHub), it does nothing."""

from reflect.hub import RoomConfig, configure

_get_config = globals().get("get_config")  # what JupyterHub's config loader provides
if _get_config is not None:
    _room = RoomConfig.from_env()
    configure(_get_config(), _room)
    if _room.extra_config is not None:
        # The trainer's own settings (an LTI sign-in, say) win over the room's.
        globals()["load_subconfig"](str(_room.extra_config))
