// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISemaphore} from "@semaphore-protocol/contracts/interfaces/ISemaphore.sol";
import {IAgentTimelock} from "../../../contracts/interfaces/IAgentTimelock.sol";
import {IReputationGovernor} from "../../../contracts/interfaces/IReputationGovernor.sol";

/// @notice MOCK of the agent timelock, for Solidity tests of the governor only.
/// @dev Records what the governor queues and lets the test set each request's state. `execute`
/// makes the calls (so a proposal can change the governor's own settings once the mock owns it),
/// without any delay. Request ids start at 0, to catch a caller that takes 0 for "none". With
/// `reenter` set, `queueProposal` tries to queue the same proposal again from inside the call and
/// keeps the revert data.
contract MockAgentTimelock {
    error MockAgentTimelockNotGovernor(address caller);
    error MockAgentTimelockActionsMismatch(uint256 requestId);
    error MockAgentTimelockNotReady(uint256 requestId);
    error MockAgentTimelockCallFailed(uint256 index);

    struct Request {
        uint256 proposalId;
        bytes32 actionsHash;
        bytes32 descriptionHash;
        IAgentTimelock.RequestState state;
    }

    address public governor;
    uint256 public requestCount;
    bool public reenter;
    string public reenterDescription;
    bytes public reentryError;
    mapping(uint256 requestId => Request) internal _requests;

    function setGovernor(address governor_) external {
        governor = governor_;
    }

    function setReenter(bool reenter_, string calldata description) external {
        reenter = reenter_;
        reenterDescription = description;
    }

    function setState(uint256 requestId, IAgentTimelock.RequestState newState) external {
        _requests[requestId].state = newState;
    }

    function request(uint256 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }

    function queueProposal(
        uint256 proposalId,
        IAgentTimelock.Action[] calldata actions,
        bytes32 descriptionHash
    ) external returns (uint256 requestId) {
        if (msg.sender != governor) revert MockAgentTimelockNotGovernor(msg.sender);
        requestId = requestCount++;
        _requests[requestId] = Request({
            proposalId: proposalId,
            actionsHash: keccak256(abi.encode(actions)),
            descriptionHash: descriptionHash,
            state: IAgentTimelock.RequestState.Queued
        });
        if (reenter) {
            try IReputationGovernor(governor).queue(proposalId, actions, reenterDescription) {
                reentryError = "";
            } catch (bytes memory reason) {
                reentryError = reason;
            }
        }
    }

    function veto(uint256 requestId, ISemaphore.SemaphoreProof calldata) external {
        _requests[requestId].state = IAgentTimelock.RequestState.Vetoed;
    }

    function execute(uint256 requestId, IAgentTimelock.Action[] calldata actions) external payable {
        Request storage r = _requests[requestId];
        if (r.actionsHash != keccak256(abi.encode(actions))) revert MockAgentTimelockActionsMismatch(requestId);
        if (r.state != IAgentTimelock.RequestState.Queued && r.state != IAgentTimelock.RequestState.Ready)
            revert MockAgentTimelockNotReady(requestId);
        r.state = IAgentTimelock.RequestState.Executed;
        for (uint256 i; i < actions.length; ++i) {
            (bool ok, ) = actions[i].target.call{value: actions[i].value}(actions[i].data);
            if (!ok) revert MockAgentTimelockCallFailed(i);
        }
    }

    function requestState(uint256 requestId) external view returns (IAgentTimelock.RequestState) {
        return _requests[requestId].state;
    }

    function longestVetoWindow() external pure returns (uint256) {
        return 14 days;
    }

    function vetoScope(uint256 requestId) external view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), requestId)));
    }
}
