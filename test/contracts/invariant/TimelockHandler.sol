// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {ISemaphore} from "@semaphore-protocol/contracts/interfaces/ISemaphore.sol";
import {AgentTimelock} from "../../../contracts/governance/AgentTimelock.sol";
import {IAgentTimelock} from "../../../contracts/interfaces/IAgentTimelock.sol";
import {MockPersonhood} from "../mocks/MockPersonhood.sol";
import {TimelockTarget} from "../unit/AgentTimelock.t.sol";

/// @notice Bounded random actions on the agent timelock: agents submit random batches (and
/// cancel), the governor queues proposals, humans veto with fresh, replayed or per-person
/// nullifiers through the personhood mock, time jumps, and anyone tries to execute at random
/// moments, sometimes with the wrong actions. Every batch calls `target.hit(key)` with keys
/// never used twice, so the target's counters show exactly which batches ran and how often.
/// Failures are swallowed and counted; ghost counters record anything the timelock should have
/// refused but accepted.
contract TimelockHandler is Test {
    uint256 internal constant MAX_REQUESTS = 80;
    uint256 internal constant HUMANS = 4;

    AgentTimelock public immutable timelock;
    MockPersonhood public immutable personhood;
    TimelockTarget public immutable target;
    address public immutable governor;

    address[] internal _agents;

    // ---------------------------------------------------------------- ghosts

    uint256 public keyNonce;
    uint256 public nullifierNonce;
    uint256 public proposalNonce;
    mapping(uint256 requestId => uint256[] keys) internal _keys;
    mapping(uint256 requestId => uint256) public acceptedVetoes;
    mapping(uint256 requestId => uint256) public executions;
    mapping(uint256 nullifier => uint256) public timesAccepted;
    uint256[] internal _acceptedNullifiers;
    /// @dev Units charged by submissions, per agent and epoch (slashes come on top).
    mapping(address agent => mapping(uint256 epoch => uint256)) public charged;

    uint256 public earlyExecutions; // ran before its eta
    uint256 public lateExecutions; // ran after eta + grace
    uint256 public deadExecutions; // ran after a veto or a cancellation
    uint256 public wrongActionsAccepted; // ran with actions other than those queued
    uint256 public replaysAccepted; // a nullifier accepted a second time
    uint256 public vetoesAfterEta; // a veto accepted at or after the eta
    /// @dev Vetoes accepted from each fixed human, per epoch of the vetoed requests.
    mapping(uint256 human => mapping(uint256 epoch => uint256)) public humanVetoes;
    uint256 public maxHumanVetoesInAnEpoch;

    mapping(bytes32 action => uint256) public ok;
    mapping(bytes32 action => uint256) public failed;

    constructor(AgentTimelock timelock_, MockPersonhood personhood_, TimelockTarget target_, address governor_) {
        timelock = timelock_;
        personhood = personhood_;
        target = target_;
        governor = governor_;
        for (uint256 i; i < 3; ++i) {
            _agents.push(makeAddr(string.concat("inv.agent", vm.toString(i))));
        }
    }

    function agents() external view returns (address[] memory) {
        return _agents;
    }

    function keysOf(uint256 requestId) external view returns (uint256[] memory) {
        return _keys[requestId];
    }

    function acceptedNullifiers() external view returns (uint256[] memory) {
        return _acceptedNullifiers;
    }

    // ---------------------------------------------------------------- actions

    function submit(uint256 agentSeed, uint256 size) external {
        if (timelock.requestCount() >= MAX_REQUESTS) return;
        address agent = _agents[agentSeed % _agents.length];
        size = bound(size, 1, 4);
        (IAgentTimelock.Action[] memory actions, uint256[] memory keys) = _fresh(size);
        uint256 epoch = timelock.currentEpoch();
        vm.prank(agent);
        try timelock.submit(actions, "inv") returns (uint256 id) {
            _keys[id] = keys;
            charged[agent][epoch] += size * timelock.config().costPerAction;
            ++ok["submit"];
        } catch {
            ++failed["submit"];
        }
    }

    function queueProposal(uint256 size) external {
        if (timelock.requestCount() >= MAX_REQUESTS) return;
        size = bound(size, 1, 6);
        (IAgentTimelock.Action[] memory actions, uint256[] memory keys) = _fresh(size);
        vm.prank(governor);
        try timelock.queueProposal(++proposalNonce, actions, bytes32(proposalNonce)) returns (uint256 id) {
            _keys[id] = keys;
            ++ok["queueProposal"];
        } catch {
            ++failed["queueProposal"];
        }
    }

    /// @param mode 0: a fresh nullifier; 1: a nullifier already accepted (a replay); 2: the
    /// nullifier one of a few fixed humans has for this request's scope.
    function veto(uint256 requestSeed, uint256 mode, uint256 humanSeed) external {
        uint256 id = _pick(requestSeed);
        if (id == 0) return;
        mode = mode % 3;
        uint256 nullifier;
        if (mode == 1 && _acceptedNullifiers.length != 0) {
            nullifier = _acceptedNullifiers[humanSeed % _acceptedNullifiers.length];
        } else if (mode == 2) {
            nullifier = uint256(keccak256(abi.encode("human", humanSeed % HUMANS, timelock.vetoScope(id))));
        } else {
            nullifier = uint256(keccak256(abi.encode("fresh", ++nullifierNonce)));
        }
        IAgentTimelock.RequestView memory r = timelock.request(id);
        ISemaphore.SemaphoreProof memory proof = personhood.makeProof(nullifier, id, r.vetoScope);
        try timelock.veto(id, proof) {
            if (timesAccepted[nullifier] != 0) ++replaysAccepted;
            if (block.timestamp >= r.eta) ++vetoesAfterEta;
            ++timesAccepted[nullifier];
            _acceptedNullifiers.push(nullifier);
            ++acceptedVetoes[id];
            if (mode == 2) {
                uint256 n = ++humanVetoes[humanSeed % HUMANS][r.queueEpoch];
                if (n > maxHumanVetoesInAnEpoch) maxHumanVetoesInAnEpoch = n;
            }
            ++ok[
                mode == 1
                    ? bytes32("vetoReplay")
                    : mode == 2
                        ? bytes32("vetoHuman")
                        : bytes32("veto")
            ];
        } catch {
            ++failed[
                mode == 1
                    ? bytes32("vetoReplay")
                    : mode == 2
                        ? bytes32("vetoHuman")
                        : bytes32("veto")
            ];
        }
    }

    function execute(uint256 requestSeed, bool tamper) external {
        uint256 id = _pick(requestSeed);
        if (id == 0) return;
        IAgentTimelock.RequestView memory r = timelock.request(id);
        uint256 grace = timelock.config().gracePeriod;
        IAgentTimelock.Action[] memory actions = _actions(_keys[id]);
        if (tamper) actions[0].data = abi.encodeCall(TimelockTarget.hit, (type(uint256).max - id));
        try timelock.execute(id, actions) {
            ++executions[id];
            if (tamper) ++wrongActionsAccepted;
            if (block.timestamp < r.eta) ++earlyExecutions;
            if (block.timestamp > uint256(r.eta) + grace) ++lateExecutions;
            if (r.state == IAgentTimelock.RequestState.Vetoed || r.state == IAgentTimelock.RequestState.Cancelled) {
                ++deadExecutions;
            }
            ++ok[tamper ? bytes32("executeTampered") : bytes32("execute")];
        } catch {
            ++failed[tamper ? bytes32("executeTampered") : bytes32("execute")];
        }
    }

    function cancel(uint256 requestSeed) external {
        uint256 id = _pick(requestSeed);
        if (id == 0) return;
        address proposer = timelock.request(id).proposer;
        vm.prank(proposer);
        try timelock.cancel(id) {
            ++ok["cancel"];
        } catch {
            ++failed["cancel"];
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1 hours, 2 days));
        ++ok["warp"];
    }

    // ---------------------------------------------------------------- helpers

    /// @dev A request id in [1, count], or 0 if there is none.
    function _pick(uint256 seed) internal view returns (uint256) {
        uint256 count = timelock.requestCount();
        return count == 0 ? 0 : (seed % count) + 1;
    }

    function _fresh(uint256 size) internal returns (IAgentTimelock.Action[] memory, uint256[] memory keys) {
        keys = new uint256[](size);
        for (uint256 i; i < size; ++i) keys[i] = ++keyNonce;
        return (_actions(keys), keys);
    }

    function _actions(uint256[] memory keys) internal view returns (IAgentTimelock.Action[] memory a) {
        a = new IAgentTimelock.Action[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            a[i] = IAgentTimelock.Action({
                target: address(target),
                value: 0,
                data: abi.encodeCall(TimelockTarget.hit, (keys[i]))
            });
        }
    }
}
