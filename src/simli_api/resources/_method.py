"""One declaration per operation, bound as a sync or an async method.

A resource method is written once, as a typed *stub*: its signature is the method's, and its
body builds the generated operation's arguments in typed code (``call(op._get_kwargs, ...)``,
so mypy checks them against the generated signature and models). :func:`operation` turns the
stub into a :class:`Method` descriptor generic over the stub's parameters ``P`` and result ``R``;
on a ``Resource[Sync]`` it reads as ``Callable[P, R]``, on a ``Resource[Async]`` as
``Callable[P, Coroutine[Any, Any, R]]`` (so a forgotten ``await`` is a type error), and through
``with_raw_response`` (``RawSync`` / ``RawAsync``) the same with a :class:`RawResponse` of ``R``.
A single-operation stub returns one :class:`Step`; a stub that needs several calls (``start_avatar``)
is a :data:`Flow`, a generator yielding steps and receiving their results (:func:`flow`): the same
code drives every mode.

Every stub lists ``**options: Unpack[RequestOptions]`` (``timeout=``, ``extra_headers=``): ParamSpec
cannot add keywords, so the stub's signature carries them for the type checkers, and the bound method
takes them out before the stub runs (a stub never sees them). A stub of a deprecated operation is
marked ``@deprecated(...)`` (PEP 702) under its ``@operation``, so type checkers flag its calls; a
test holds the marks to the description's ``deprecated: true``.

The generated names a declaration uses are lazy at runtime (``simli_api._lazy``): a method whose
operation module or model a regeneration removed raises :class:`SimliOperationUnavailable` naming
itself when called, and nothing else breaks.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Coroutine, Generator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, cast, overload

from .._download import to_target, to_target_async
from .._exceptions import SimliOperationUnavailable
from .._lazy import GeneratedOperation, Vanished
from .._options import CallOptions, RawResponse, RawView, take_options

if TYPE_CHECKING:
    from typing_extensions import Self
    from typing_extensions import deprecated as deprecated  # noqa: PLC0414 - re-exported for the stubs

    from .._client import AsyncSimli, Simli
else:

    def deprecated(message: str) -> Callable[[Any], Any]:
        """PEP 702's mark for type checkers, without typing_extensions' runtime wrapper: the call path warns
        already (``_deprecation``), once; ``__deprecated__`` is set as PEP 702 sets it."""

        def mark(stub: Any) -> Any:
            stub.__deprecated__ = message
            return stub

        return mark


P = ParamSpec("P")
R = TypeVar("R")


class Sync:
    """Mode marker: a ``Resource[Sync]``'s methods return their results."""


class Async:
    """Mode marker: a ``Resource[Async]``'s methods return coroutines."""


class RawSync:
    """Mode marker: a ``Resource[RawSync]``'s methods return a :class:`RawResponse` of their result."""


class RawAsync:
    """Mode marker: a ``Resource[RawAsync]``'s methods return coroutines of a :class:`RawResponse`."""


ModeT = TypeVar("ModeT", Sync, Async, RawSync, RawAsync)


class Resource(Generic[ModeT]):
    """An API area (``simli.faces``, ...): the operations declared on it, bound to one client."""

    def __init__(self, client: Simli | AsyncSimli | RawView) -> None:
        self._raw = isinstance(client, RawView)
        self._client: Simli | AsyncSimli = client._client if isinstance(client, RawView) else client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class Step(Generic[R]):
    """One unit of work a method runs in its client's mode: here, one call of a generated operation as a stub
    describes it (arguments, checks, and how to answer); ``_steps`` adds steps that call no operation."""

    __slots__ = ("arguments", "module", "require", "target")

    def __init__(self, module: ModuleType, arguments: dict[str, Any]) -> None:
        self.module = module
        self.arguments = arguments
        self.require: Callable[[Any], None] | None = None
        self.target: Path | None = None

    def checked(self, require: Callable[[Any], None]) -> Self:
        """Reject a parsed 2xx answer ``require`` raises ConformanceError on, as a malformed response."""
        self.require = require
        return self

    def saved_to(self, target: str | os.PathLike[str]) -> Step[Path]:
        """Stream the answer's body to the file ``target`` (whole or not at all) instead of parsing it; its path."""
        self.target = Path(target)
        return cast("Step[Path]", self)

    def run(self, client: Simli, options: CallOptions | None = None) -> Any:
        if self.target is not None:  # written whole or not at all, like simli.download (see _download)
            to_target(client._stream(self.module, self.arguments, options), self.target)
            return self.target
        return client._call(self.module, self.arguments, self.require, options)

    async def run_async(self, client: AsyncSimli, options: CallOptions | None = None) -> Any:
        if self.target is not None:
            await to_target_async(client._stream(self.module, self.arguments, options), self.target)
            return self.target
        return await client._call(self.module, self.arguments, self.require, options)


def call(target: Callable[P, object], /, *args: P.args, **kwargs: P.kwargs) -> Step[Any]:
    """The step calling generated ``<operation>._get_kwargs``'s operation; mypy checks its arguments (by keyword)."""
    if args:
        raise TypeError("pass the generated operation's arguments by keyword")
    return Step(sys.modules[target.__module__], kwargs)


# How help() shows the per-call options, and the stubs' ``**options`` annotations that hold nothing else.
_OPTION_ANNOTATIONS = (("timeout", "float | httpx.Timeout | None"), ("extra_headers", "Mapping[str, str] | None"))
_ONLY_OPTIONS = ("Unpack[RequestOptions]", "Unpack[HeaderOptions]")

Flow = Generator[Step[Any], Any, R]
"""What a :func:`flow` stub returns: steps out, their results in, the method's result at the end."""


class Method(Generic[P, R]):
    """The descriptor a declaration becomes; ``route`` is ``"METHOD /path"`` for a single operation.

    ``variant`` marks a second way to call an operation that has a primary method (``save_mp4``
    beside ``download_mp4``): ``OPERATIONS`` names the primary one.
    """

    def __init__(
        self,
        stub: Callable[Concatenate[Any, P], Step[R] | Flow[R]],
        *,
        route: str | None,
        module: ModuleType | GeneratedOperation | None,
        variant: bool = False,
    ) -> None:
        self.stub = stub
        self.route = route
        self.operation = module
        self.variant = variant
        self.name = stub.__name__
        self.area = stub.__module__.rpartition(".")[2]
        self.__doc__ = stub.__doc__
        self.deprecated: str | None = getattr(stub, "__deprecated__", None)
        code = stub.__code__
        # timeout= is a per-call option unless the stub has a parameter of that name (wait_until_ready's wait).
        self._timeout_option = "timeout" not in code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
        self._signatures: dict[tuple[bool, bool, bool], Any] = {}
        self._loaded: ModuleType | None = None  # the generated module, once imported (see module)

    def __set_name__(self, owner: type[Any], name: str) -> None:
        from . import RESOURCES  # noqa: PLC0415 - the package is loaded: this module is part of it

        self.name = name
        self.area = next(
            (area for area, place in RESOURCES.items() if place == (owner.__module__, owner.__name__)), self.area
        )

    @property
    def generated(self) -> str | None:
        """The dotted name of the generated operation module this declaration calls (None for a flow)."""
        operation = self.operation
        return operation.name if isinstance(operation, GeneratedOperation) else getattr(operation, "__name__", None)

    @property
    def module(self) -> ModuleType | None:
        """The generated operation module (imported on first use); SimliOperationUnavailable if it is gone."""
        if not isinstance(self.operation, GeneratedOperation):
            return self.operation
        try:
            self._loaded = self.operation.load()
        except Vanished as vanished:
            raise self.unavailable(vanished) from vanished.__cause__
        return self._loaded

    def unavailable(self, vanished: SimliOperationUnavailable) -> SimliOperationUnavailable:
        """``vanished`` (a generated name that could not be loaded), naming this method, its route and module."""
        return SimliOperationUnavailable(
            vanished.missing,
            vanished.reason,
            method=f"{self.area}.{self.name}",
            operation=self.route,
            module=self.generated,
            edit=f"src/{self.stub.__module__.replace('.', '/')}.py",
        )

    def prepare(self, resource: Any, *args: P.args, **kwargs: P.kwargs) -> Step[R]:
        """The stub's step, for a flow that calls this operation as one of its steps."""
        return self._prepared(resource, args, kwargs)

    def _prepared(self, resource: Any, args: Any, kwargs: Any) -> Step[R]:
        module = self._loaded or self.module
        try:
            step = self.stub(resource, *args, **kwargs)
        except Vanished as vanished:
            raise self.unavailable(vanished) from vanished.__cause__
        if not isinstance(step, Step):
            raise TypeError(f"{self.name} is a flow, not a single operation")
        if step.module is not module:
            raise TypeError(
                f"{self.name} is declared for {self.generated} but builds arguments for {step.module.__name__}"
            )
        return step

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> Self: ...
    @overload
    def __get__(self, instance: Resource[Sync], owner: type[Any]) -> Callable[P, R]: ...
    @overload
    def __get__(self, instance: Resource[Async], owner: type[Any]) -> Callable[P, Coroutine[Any, Any, R]]: ...
    @overload
    def __get__(self, instance: Resource[RawSync], owner: type[Any]) -> Callable[P, RawResponse[R]]: ...
    @overload
    def __get__(
        self, instance: Resource[RawAsync], owner: type[Any]
    ) -> Callable[P, Coroutine[Any, Any, RawResponse[R]]]: ...
    def __get__(self, instance: Resource[Any] | None, owner: type[Any]) -> Any:
        if instance is None:
            return self
        bound = self._bind(instance)
        instance.__dict__[self.name] = bound  # a non-data descriptor: later lookups find this first
        return bound

    def _flow(self, resource: Resource[Any], args: Any, kwargs: Any) -> Step[R] | Flow[R]:
        return self.stub(resource, *args, **kwargs)  # a flow's stub: its generator

    def _bind(self, resource: Resource[Any]) -> Callable[..., Any]:
        client = resource._client
        # A flow's steps are prepared (and checked) by the operations they call.
        start: Callable[[Resource[Any], Any, Any], Step[R] | Flow[R]] = (
            self._flow if self.operation is None else self._prepared
        )
        unavailable = self.unavailable
        timeout = self._timeout_option
        bound: Callable[..., Any]
        if client._is_async and resource._raw:

            async def bound(*args: Any, **kwargs: Any) -> Any:
                options = take_options(kwargs, timeout) or CallOptions()
                try:
                    result = await _drive_async(cast("AsyncSimli", client), start(resource, args, kwargs), options)
                except Vanished as vanished:
                    raise unavailable(vanished) from vanished.__cause__
                return _raw_response(options, result)

        elif client._is_async:
            answer = cast("AsyncSimli", client)._call

            async def bound(*args: Any, **kwargs: Any) -> Any:
                options = take_options(kwargs, timeout) if kwargs else None
                try:
                    work = start(resource, args, kwargs)
                    if work.__class__ is Step and work.target is None:  # one call answered in memory: no driver
                        return await answer(work.module, work.arguments, work.require, options)
                    return await _drive_async(cast("AsyncSimli", client), work, options)
                except Vanished as vanished:  # a model the stub, its check or a flow's body uses
                    raise unavailable(vanished) from vanished.__cause__

        elif resource._raw:

            def bound(*args: Any, **kwargs: Any) -> Any:
                options = take_options(kwargs, timeout) or CallOptions()
                try:
                    result = _drive(cast("Simli", client), start(resource, args, kwargs), options)
                except Vanished as vanished:
                    raise unavailable(vanished) from vanished.__cause__
                return _raw_response(options, result)

        else:

            def bound(*args: Any, **kwargs: Any) -> Any:
                options = take_options(kwargs, timeout) if kwargs else None
                try:
                    return _drive(cast("Simli", client), start(resource, args, kwargs), options)
                except Vanished as vanished:
                    raise unavailable(vanished) from vanished.__cause__

        bound.__name__ = self.name
        bound.__qualname__ = f"{type(resource).__name__}.{self.name}"
        bound.__module__ = type(resource).__module__
        bound.__doc__ = self.__doc__
        bound.__signature__ = self.signature(asynchronous=client._is_async, raw=resource._raw)  # type: ignore[union-attr]
        return bound

    def signature(self, *, asynchronous: bool = False, raw: bool = False, options: bool = True) -> Any:
        """The bound method's signature, as ``help()`` shows it: no ``self``, the result (a coroutine if async).

        The per-call options show as keyword-only parameters (``options=False`` leaves them out), in place of
        the stub's ``**options`` when that holds nothing else.
        """
        key = (asynchronous, raw, options)
        if key not in self._signatures:
            import inspect  # noqa: PLC0415 - once per declaration, when first bound

            stub = inspect.signature(self.stub)
            result = re.sub(r"^(?:Step|Flow)\[(.*)\]$", r"\1", str(stub.return_annotation))
            result = f"RawResponse[{result}]" if raw else result
            parameters = list(stub.parameters.values())[1:]
            rest = parameters.pop() if parameters and parameters[-1].kind is inspect.Parameter.VAR_KEYWORD else None
            if options:
                kinds = _OPTION_ANNOTATIONS if self._timeout_option else _OPTION_ANNOTATIONS[1:]
                keyword = inspect.Parameter.KEYWORD_ONLY
                parameters += [inspect.Parameter(name, keyword, default=None, annotation=kind) for name, kind in kinds]
            if rest is not None and rest.annotation not in _ONLY_OPTIONS:
                parameters.append(rest)
            self._signatures[key] = stub.replace(
                parameters=parameters,
                return_annotation=f"Coroutine[Any, Any, {result}]" if asynchronous else result,
            )
        return self._signatures[key]


def operation(
    route: str, module: ModuleType | GeneratedOperation, *, variant: bool = False
) -> Callable[[Callable[Concatenate[Any, P], Step[R]]], Method[P, R]]:
    """Declare a method calling the generated ``module`` (``route``: ``"METHOD /path"`` as in the description).

    ``module`` is the generated operation module as mypy sees it (imported under ``TYPE_CHECKING``)
    and a lazy handle at runtime (``simli_api._lazy.operation_module``).
    """

    def declare(stub: Callable[Concatenate[Any, P], Step[R]]) -> Method[P, R]:
        return Method(stub, route=route, module=module, variant=variant)

    return declare


def flow(stub: Callable[Concatenate[Any, P], Flow[R]]) -> Method[P, R]:
    """Declare a method made of several operation calls: the stub yields each step and receives its result."""
    return Method(stub, route=None, module=None)


def _raw_response(options: CallOptions, result: R) -> RawResponse[R]:
    if options.response is None:  # every method sends a request before it returns
        raise RuntimeError("the method returned without an HTTP response to show")
    return RawResponse(options.response, result)


def _drive(client: Simli, work: Step[R] | Flow[R], options: CallOptions | None = None) -> R:
    """Run ``work`` (each of a flow's steps) with the call's ``options``: every request of the method gets them."""
    if isinstance(work, Step):
        return cast(R, work.run(client, options))
    try:
        step = next(work)
        while True:
            step = work.send(step.run(client, options))
    except StopIteration as done:
        return cast(R, done.value)
    finally:
        work.close()


async def _drive_async(client: AsyncSimli, work: Step[R] | Flow[R], options: CallOptions | None = None) -> R:
    if isinstance(work, Step):
        return cast(R, await work.run_async(client, options))
    try:
        step = next(work)
        while True:
            step = work.send(await step.run_async(client, options))
    except StopIteration as done:
        return cast(R, done.value)
    finally:
        work.close()
