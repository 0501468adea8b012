from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="HistoryRecord")


@_attrs_define
class HistoryRecord:
    """
    Attributes:
        id (UUID): Firebase unique identifier for the session
        session_total_time (float): Total session duration in seconds
        start_time (int): Session start time as Unix timestamp
        end_time (int): Session end time as Unix timestamp
        face_id (str | Unset): face_id used in session
        kind (str | Unset): Interaction Method
        end_user_aggregator (str | Unset): (optional) Aggregation identifier provided in request by customer for
            grouping their end-users
        api_key_name (str | Unset): (optional) Name of the API key used for this session
    """

    id: UUID
    session_total_time: float
    start_time: int
    end_time: int
    face_id: str | Unset = UNSET
    kind: str | Unset = UNSET
    end_user_aggregator: str | Unset = UNSET
    api_key_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        session_total_time = self.session_total_time

        start_time = self.start_time

        end_time = self.end_time

        face_id = self.face_id

        kind = self.kind

        end_user_aggregator = self.end_user_aggregator

        api_key_name = self.api_key_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "sessionTotalTime": session_total_time,
                "startTime": start_time,
                "endTime": end_time,
            }
        )
        if face_id is not UNSET:
            field_dict["face_id"] = face_id
        if kind is not UNSET:
            field_dict["kind"] = kind
        if end_user_aggregator is not UNSET:
            field_dict["endUserAggregator"] = end_user_aggregator
        if api_key_name is not UNSET:
            field_dict["apiKeyName"] = api_key_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        session_total_time = d.pop("sessionTotalTime")

        start_time = d.pop("startTime")

        end_time = d.pop("endTime")

        face_id = d.pop("face_id", UNSET)

        kind = d.pop("kind", UNSET)

        end_user_aggregator = d.pop("endUserAggregator", UNSET)

        api_key_name = d.pop("apiKeyName", UNSET)

        history_record = cls(
            id=id,
            session_total_time=session_total_time,
            start_time=start_time,
            end_time=end_time,
            face_id=face_id,
            kind=kind,
            end_user_aggregator=end_user_aggregator,
            api_key_name=api_key_name,
        )

        history_record.additional_properties = d
        return history_record

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
