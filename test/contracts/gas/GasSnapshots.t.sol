// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AosTestBase} from "../utils/AosTestBase.sol";
import {ITaskEscrow} from "../../../contracts/interfaces/ITaskEscrow.sol";

/// @notice Named gas snapshots of each step of a task's life (group "TaskEscrow" in snapshots/).
/// `npm test` runs them with --snapshot-check, so an unexplained gas change fails the build;
/// refresh with `npx hardhat test solidity --snapshot` and commit the diff with its reason.
contract GasSnapshotsTest is AosTestBase {
    function setUp() public override {
        super.setUp();
        _stakeNative(agent, 1 ether);
        // A first task so that the agent's karma slots exist: the steady state of a working agent.
        uint256 warmup = _createNative();
        _claim(agent, warmup);
        _submit(agent, warmup);
        vm.prank(requester);
        escrow.accept(warmup);
        vm.warp(block.timestamp + 1 hours);
    }

    function test_gas_nativeLifecycle() public {
        ITaskEscrow.TaskParams memory p = _params();
        vm.prank(requester);
        uint256 id = escrow.createTask{value: p.amount}(p);
        vm.snapshotGasLastCall("TaskEscrow", "createTask_native");

        uint256 stake = escrow.stakeOf(id);
        vm.prank(agent);
        escrow.claim{value: stake}(id, _noRequirements(), _noSkills());
        vm.snapshotGasLastCall("TaskEscrow", "claim_native");

        vm.warp(block.timestamp + 10 minutes);
        vm.prank(agent);
        escrow.submitResult(id, keccak256("result"));
        vm.snapshotGasLastCall("TaskEscrow", "submitResult");

        vm.prank(requester);
        escrow.accept(id);
        vm.snapshotGasLastCall("TaskEscrow", "accept_native");
    }

    function test_gas_tokenLifecycle() public {
        uint256 id = _createToken(BOUNTY);
        vm.snapshotGasLastCall("TaskEscrow", "createTask_token");
        _claim(agent, id);
        vm.snapshotGasLastCall("TaskEscrow", "claim_token");
        _submit(agent, id);
        vm.prank(requester);
        escrow.accept(id);
        vm.snapshotGasLastCall("TaskEscrow", "accept_token");
    }

    function test_gas_expireClaimed() public {
        uint256 id = _createNative();
        _claim(agent, id);
        vm.warp(block.timestamp + 2 days);
        escrow.expire(id);
        vm.snapshotGasLastCall("TaskEscrow", "expire_claimed");
    }
}
